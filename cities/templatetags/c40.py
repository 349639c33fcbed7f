from django import template
from django.conf import settings
from django.utils.translation import get_language

from core.languages import writes_chinese

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


REGION_MAP_MARGIN = 6
REGION_MAP_RATIO = 2  # width : height of the drawn box


@register.inclusion_tag("includes/_region_map.html")
def region_map(region, cities, linked=False):
    """A small offline map framing `cities` (a region's), one dot each in the region's colour."""
    points = [(float(city.longitude), -float(city.latitude), city) for city in cities]
    if not points:
        return {"region": region, "dots": []}
    xs, ys = [x for x, _y, _city in points], [y for _x, y, _city in points]
    left, right = min(xs) - REGION_MAP_MARGIN, max(xs) + REGION_MAP_MARGIN
    top, bottom = min(ys) - REGION_MAP_MARGIN, max(ys) + REGION_MAP_MARGIN
    width, height = right - left, bottom - top
    # Widen or heighten the box to the drawing's ratio, so no city sits on an edge.
    if width < height * REGION_MAP_RATIO:
        left -= (height * REGION_MAP_RATIO - width) / 2
        width = height * REGION_MAP_RATIO
    else:
        top -= (width / REGION_MAP_RATIO - height) / 2
        height = width / REGION_MAP_RATIO
    return {
        "region": region,
        "linked": linked,
        "view_box": f"{left:.2f} {top:.2f} {width:.2f} {height:.2f}",
        "radius": f"{max(width / 90, 0.6):.2f}",
        "dots": [{"x": f"{x:.3f}", "y": f"{y:.3f}", "city": city} for x, y, city in points],
    }


@register.inclusion_tag("includes/_world_map.html")
def world_map(regions):
    """Every city of `regions` (their cities prefetched) on one offline map, by region colour."""
    return {
        "dots": [
            {
                "x": f"{float(city.longitude):.3f}",
                "y": f"{-float(city.latitude):.3f}",
                "region": region.slug,
            }
            for region in regions
            for city in region.cities.all()
        ]
    }


@register.filter
def population(value):
    """GeoNames' figure as it is, grouped by thousands: 8961989 -> '8,961,989'."""
    return f"{value:,}" if isinstance(value, int) else ""


@register.simple_tag
def sentence_space():
    """The space between two sentences: none in Chinese, which runs on after 。."""
    return "" if writes_chinese(get_language()) else " "
