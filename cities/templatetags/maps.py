from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def map_attributes():
    """The data- attributes every Leaflet map holder carries (static/js/city-map.js reads
    them): where Leaflet and the world outline are, the zoom buttons' titles, and the optional
    online tile layer (none unless MAP_TILE_URL is set: the maps then draw the vendored world
    outline only, and no request leaves the host)."""
    attributes = format_html(
        ' data-leaflet-css="{}" data-leaflet-js="{}" data-world-url="{}"'
        ' data-zoom-in-title="{}" data-zoom-out-title="{}" data-close-popup-label="{}"',
        static("vendor/leaflet/leaflet.css"),
        static("vendor/leaflet/leaflet.js"),
        static("data/world-land.geojson"),
        gettext("Zoom in"),
        gettext("Zoom out"),
        gettext("Close the popup"),
    )
    if not settings.MAP_TILE_URL:
        return attributes
    return attributes + format_html(
        ' data-tile-url="{}" data-tile-attribution="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
    )
