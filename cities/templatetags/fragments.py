"""`{% cachedfragment fragment %}…{% endcachedfragment %}`: the content of a page cache
Fragment (core.pagecache), rendered and stored when it is not cached; rendered plainly
when `fragment` is None or absent, or the cache is unreachable."""

from django import template

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        fragment = self.fragment.resolve(context)
        if not fragment:  # None, or missing from the context (e.g. the admin's preview)
            return self.nodelist.render(context)
        if fragment.value is None:
            fragment.value = self.nodelist.render(context)
            fragment.store(fragment.value)
        return fragment.value


@register.tag
def cachedfragment(parser, token):
    try:
        _tag, fragment = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("cachedfragment takes one argument") from None
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(fragment))
