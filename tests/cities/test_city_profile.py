"""A city page worth staying on: facts about the city, its spotlight first, and its region's
work where no network or accelerator is listed."""

import pytest

from cities.models import City

pytestmark = pytest.mark.django_db


def page(client, slug, language="en"):
    return client.get(f"/{language}/cities/{slug}/").content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_city_page_gives_its_population_with_geonames_and_licence(client, language):
    beijing = City.objects.get(slug="beijing")
    html = page(client, "beijing", language)
    assert f"{beijing.population:,}" in html
    assert "GeoNames" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html


def test_a_city_with_no_listed_network_leads_with_its_spotlight_and_its_region(client):
    wuhan = City.objects.get(slug="wuhan")
    assert not wuhan.networks.exists() and not wuhan.accelerators.exists()
    html = page(client, "wuhan")
    assert "City spotlight" in html
    assert "More from Central East Asia" in html
    assert 'id="networks-title"' not in html
    assert 'id="accelerators-title"' not in html
    region_part = html[html.index('id="region-work-title"') :]
    assert "/en/spotlights/" in region_part
    assert "/en/spotlights/wuhan-" not in region_part.split("learn-title")[0]


def test_a_city_with_networks_lists_them_instead_of_its_regions_work(client):
    html = page(client, "london")
    assert 'id="networks-title"' in html
    assert 'id="region-work-title"' not in html


def test_steering_committee_role_is_shown(client):
    city = City.objects.filter(is_steering_committee=True).first()
    assert "Member of C40's Steering Committee" in page(client, city.slug)


def test_chinese_city_page_names_everything_in_chinese(client):
    html = page(client, "wuhan", "zh-hans")
    for english in ("Population", "City spotlight", "More from", "Central East Asia"):
        assert english not in html
    assert "人口" in html
