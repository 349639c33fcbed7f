from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def map_tile_attributes():
    """The data- attributes of the optional online tile layer; none unless MAP_TILE_URL is set.

    Without them the maps draw the vendored world outline only, and no request leaves the host.
    """
    if not settings.MAP_TILE_URL:
        return ""
    return format_html(
        ' data-tile-url="{}" data-tile-attribution="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
    )
