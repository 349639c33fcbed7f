from collections import Counter
from typing import NamedTuple
from urllib.parse import urlsplit

from django import template

register = template.Library()


class SourceLink(NamedTuple):
    url: str
    title: str


def site_name(url):
    """The readable name of the site a source address is on: "c40.org", not the address."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@register.simple_tag
def source_links(urls):
    """Each source address with a readable title; a site cited twice is told apart by number."""
    names = [site_name(url) for url in urls]
    repeated = {name for name, count in Counter(names).items() if count > 1}
    seen = Counter()
    links = []
    for url, name in zip(urls, names, strict=True):
        seen[name] += 1
        title = f"{name} ({seen[name]})" if name in repeated else name
        links.append(SourceLink(url, title))
    return links
