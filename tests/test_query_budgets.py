"""Each page runs a fixed number of queries, however many cities and spotlights there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cities.models import City, Country, Region
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db

PAGES = {
    "/en/": 3,
    "/en/cities/": 7,
    "/en/cities/?region=europe&initiative=energy&accelerator=clean-air&q=a": 10,
    "/en/cities/london/": 8,
    "/en/regions/africa/": 4,
    "/en/initiatives/": 2,
    "/en/initiatives/energy/": 4,
    "/en/networks/": 1,
    "/en/networks/cool-cities/": 3,
    "/en/accelerators/": 1,
    "/en/accelerators/clean-air/": 2,
    "/en/spotlights/": 6,
    "/en/spotlights/?region=africa&initiative=energy&q=a": 8,
    "/en/about/": 2,
}


def add_generated_cities(count):
    """`count` more cities, each in a network, signatory of an accelerator, with a spotlight."""
    africa, kenya = Region.objects.get(slug="africa"), Country.objects.get(slug="kenya")
    cities = City.objects.bulk_create(
        City(
            slug=f"generated-{n}",
            name_en=f"Generated {n}",
            name_zh_hans=f"生成城市{n}",
            region=africa,
            country=kenya,
            latitude=0,
            longitude=30,
        )
        for n in range(count)
    )
    Network.objects.get(slug="cool-cities").member_cities.add(*cities)
    Accelerator.objects.get(slug="clean-air").signatory_cities.add(*cities)
    spotlights = Spotlight.objects.bulk_create(
        Spotlight(
            slug=f"generated-{n}",
            city=city,
            title_en=f"Spotlight {n}",
            title_zh_hans=f"掠影{n}",
            summary_en="Summary",
            summary_zh_hans="摘要",
            body_en="Body",
            body_zh_hans="正文",
            source_en="Generated",
            source_zh_hans="生成",
            status=Spotlight.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n, city in enumerate(cities)
    )
    energy = InitiativeArea.objects.get(slug="energy")
    for spotlight in spotlights:
        spotlight.initiative_areas.add(energy)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize(("url", "queries"), PAGES.items())
def test_page_query_count_is_pinned(client, url, queries):
    assert queries_for(client, url) == queries


def test_page_query_counts_do_not_grow_with_the_data(client):
    before = {url: queries_for(client, url) for url in PAGES}
    add_generated_cities(300)
    after = {url: queries_for(client, url) for url in PAGES}
    assert after == before
