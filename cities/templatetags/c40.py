from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()

MAP_SPAN_LONGITUDE = 60
MAP_SPAN_LATITUDE = 36


@register.simple_tag
def other_languages(obj, field_name):
    """[(language code, value)] of a translated field in the languages not being shown."""
    current = get_language()
    return [
        (code, getattr(obj, f"{field_name}_{code.replace('-', '_')}"))
        for code, _name in settings.LANGUAGES
        if code != current
    ]


@register.inclusion_tag("includes/_location_map.html")
def location_map(city):
    """A small offline map centred on the city: the world outline is in lon/-lat units."""
    longitude, latitude = float(city.longitude), float(city.latitude)
    left = min(max(longitude - MAP_SPAN_LONGITUDE / 2, -180), 180 - MAP_SPAN_LONGITUDE)
    top = min(max(-latitude - MAP_SPAN_LATITUDE / 2, -90), 90 - MAP_SPAN_LATITUDE)
    return {
        "city": city,
        "view_box": f"{left:.2f} {top:.2f} {MAP_SPAN_LONGITUDE} {MAP_SPAN_LATITUDE}",
        "x": f"{longitude:.3f}",
        "y": f"{-latitude:.3f}",
    }
