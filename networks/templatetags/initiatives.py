import functools
import re

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

SPRITE = "img/initiatives.svg"


@functools.cache
def sprite_symbols():
    """The sprite's <symbol>s, read once per process."""
    with open(finders.find(SPRITE), encoding="utf-8") as sprite:
        return "".join(re.findall(r"<symbol\b.*?</symbol>", sprite.read(), re.S))


@register.simple_tag
def initiative_icon_sprite():
    """The icons, once per page, inline: browsers refuse a <use> that points at a file of
    another origin, which the sprite would be behind a static-files CDN (DJANGO_STATIC_URL)."""
    return mark_safe(
        '<svg class="sprite" width="0" height="0" aria-hidden="true" focusable="false">'
        f"{sprite_symbols()}</svg>"
    )


@register.simple_tag
def initiative_icon(area, size=24):
    """An initiative area's icon from the page's sprite; `area` is an InitiativeArea or its
    slug.

    Decorative: the area's name is always written beside it.
    """
    slug = getattr(area, "slug", area)
    if not slug:
        return ""
    return format_html(
        '<svg class="area-icon" width="{size}" height="{size}" aria-hidden="true" '
        'focusable="false"><use href="#area-{slug}"></use></svg>',
        size=size,
        slug=slug,
    )
