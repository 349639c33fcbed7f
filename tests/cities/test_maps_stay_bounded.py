"""Pages drawing every region's cities on maps stay the same size as the directory grows."""

import re

import pytest

from cities.models import MAP_CITY_LIMIT, Region
from ops.generated import generate_directory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # slow: generates 2 000 cities


# The home page has a world map and a map per region tile; the regions index the tiles only.
@pytest.mark.parametrize(("path", "maps"), [("/en/", 2), ("/en/regions/", 1)])
def test_region_maps_draw_at_most_the_limit_of_cities_per_region(client, path, maps):
    regions = Region.objects.count()
    generate_directory(cities=MAP_CITY_LIMIT * regions * 2)
    html = client.get(path).content.decode()
    dots = re.findall(r'<circle [^>]*class="region-dot', html)
    assert MAP_CITY_LIMIT < len(dots) <= MAP_CITY_LIMIT * regions * maps
