from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "img/initiatives.svg"


@register.simple_tag
def initiative_icon(area, size=24):
    """An initiative area's icon from the sprite; `area` is an InitiativeArea or its slug.

    Decorative: the area's name is always written beside it.
    """
    slug = getattr(area, "slug", area)
    if not slug:
        return ""
    return format_html(
        '<svg class="area-icon" width="{size}" height="{size}" aria-hidden="true" '
        'focusable="false"><use href="{sprite}#area-{slug}"></use></svg>',
        size=size,
        sprite=static(SPRITE),
        slug=slug,
    )
