"""Each page runs a fixed number of queries, however many cities and spotlights there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.models import City
from ops.generated import generate_directory

pytestmark = pytest.mark.django_db

GENERATED_CITIES = 10_000

PAGES = {
    "/en/": 8,
    "/en/cities/": 12,  # a facet: its grouped counts, then its options
    "/en/cities/?region=europe&initiative=energy&accelerator=clean-air&q=a": 15,
    "/en/cities/london/": 12,
    "/en/regions/": 4,
    "/en/regions/africa/": 11,
    "/en/cities/wuhan/": 14,
    "/en/spotlights/beijing-cleaner-air-by-phasing-out-coal/": 8,
    "/en/initiatives/": 3,
    "/en/initiatives/energy/": 8,
    "/en/networks/": 2,
    "/en/networks/cool-cities/": 4,
    "/en/accelerators/": 2,
    "/en/accelerators/clean-air/": 3,
    "/en/spotlights/": 10,
    "/en/spotlights/?region=africa&initiative=energy&q=a": 12,
    "/en/about/": 2,
    "/en/spotlights/feed/": 2,
    "/api/v1/cities/": 4,
    "/api/v1/cities/?region=europe&initiative=energy&q=a": 6,
    "/api/v1/cities/london/": 3,
    "/api/v1/spotlights/": 4,
    "/api/v1/spotlights/?region=africa&initiative=energy": 6,
    "/api/v1/networks/": 4,
    "/api/v1/accelerators/": 3,
    "/api/v1/initiative-areas/": 3,
    "/api/v1/regions/": 2,
    "/api/v1/cities.csv": 3,
    "/api/v1/cities.geojson?region=europe": 4,
}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize(("url", "queries"), PAGES.items())
def test_page_query_count_is_pinned(client, url, queries):
    assert queries_for(client, url) == queries


@pytest.mark.slow  # generates 10 000 cities
def test_page_query_counts_do_not_grow_with_the_data(client):
    before = {url: queries_for(client, url) for url in PAGES}
    generate_directory(cities=GENERATED_CITIES)  # each in networks, with 2 spotlights
    assert City.objects.count() == GENERATED_CITIES + 98
    after = {url: queries_for(client, url) for url in PAGES}
    assert after == before
