"""The read-only JSON API: both languages, the directory's filters, pages, clear errors."""

import pytest

from cities.models import City
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db


def results(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def directory_count(client, query):
    return client.get(f"/en/cities/?{query}").context["paginator"].count


def test_a_city_record_has_both_languages_its_links_and_its_pages(client):
    beijing = results(client, "/api/v1/cities/beijing/")
    assert beijing["name"] == {"en": "Beijing", "zh-hans": "北京"}
    assert beijing["country"]["name"] == {"en": "China", "zh-hans": "中国"}
    assert beijing["region"]["slug"] == "central-east-asia"
    assert beijing["page"] == {
        "en": "https://cities.example.org/en/cities/beijing/",
        "zh-hans": "https://cities.example.org/zh-hans/cities/beijing/",
    }
    assert round(beijing["latitude"]) == 40 and round(beijing["longitude"]) == 116


def test_a_city_record_gives_its_population_from_geonames_with_its_source(client):
    durban = results(client, "/api/v1/cities/durban/")
    assert durban["geonames_id"] == 1007311
    assert durban["population"] == City.objects.get(slug="durban").population > 0
    source = durban["population_source"]
    assert source["name"] == "GeoNames" and source["url"] == "https://www.geonames.org/"
    assert source["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert source["data_date"] == "2026-07-28"
    listing = results(client, "/api/v1/cities/?region=africa&page_size=500")
    in_list = {city["slug"]: city for city in listing["results"]}
    assert in_list["durban"] == durban
    assert in_list["ekurhuleni"]["population"] is None
    assert in_list["ekurhuleni"]["geonames_id"] is None
    assert in_list["ekurhuleni"]["population_source"] is None


@pytest.mark.parametrize(
    "query",
    [
        "region=africa",
        "region=africa&region=europe",
        "initiative=transportation",
        "initiative=transportation&region=europe",
        "accelerator=clean-air",
        "q=sao",
        "q=北京",
    ],
)
def test_the_api_filters_as_the_directory_does(client, query):
    listing = results(client, f"/api/v1/cities/?{query}&page_size=500")
    assert listing["count"] == directory_count(client, query) > 0
    assert len(listing["results"]) == listing["count"]


def test_the_region_filter_gives_only_that_regions_cities(client):
    listing = results(client, "/api/v1/cities/?region=africa&page_size=500")
    assert {city["region"]["slug"] for city in listing["results"]} == {"africa"}
    assert "johannesburg" in {city["slug"] for city in listing["results"]}


def test_pages_follow_one_another_without_gaps_or_repeats(client):
    first = results(client, "/api/v1/cities/?page_size=40")
    second = results(client, first["next"].removeprefix("https://cities.example.org"))
    third = results(client, second["next"].removeprefix("https://cities.example.org"))
    slugs = [c["slug"] for page in (first, second, third) for c in page["results"]]
    assert len(slugs) == len(set(slugs)) == first["count"] == 98
    assert third["next"] is None


def test_the_page_size_is_capped(client):
    assert len(results(client, "/api/v1/cities/?page_size=100000")["results"]) == 98
    assert len(results(client, "/api/v1/spotlights/?page_size=100000")["results"]) <= 500


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("region=afrika", "region", "No such region: afrika."),
        ("initiative=nope&region=africa", "initiative", "No such initiative: nope."),
        ("regoin=africa", "regoin", "Unknown parameter."),
    ],
)
def test_a_mistyped_filter_is_a_400_naming_it(client, query, field, message):
    response = client.get(f"/api/v1/cities/?{query}")
    assert response.status_code == 400
    assert response.json()[field] == [message]


@pytest.mark.parametrize("page", ["999", "abc", "0"])
def test_a_page_that_does_not_exist_is_a_json_404(client, page):
    response = client.get(f"/api/v1/cities/?page={page}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_slug_is_a_json_404(client):
    response = client.get("/api/v1/cities/atlantis/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_ids_and_slugs_are_the_same_in_lists_and_items(client):
    listing = results(client, "/api/v1/networks/?page_size=500")
    for network in listing["results"]:
        item = results(client, f"/api/v1/networks/{network['slug']}/")
        assert item == network


def test_only_published_spotlights_are_given(client):
    draft = Spotlight.objects.get(city__slug="oslo")
    draft.status = Spotlight.Status.DRAFT
    draft.save()
    listing = results(client, "/api/v1/spotlights/?page_size=500")
    assert draft.slug not in {s["slug"] for s in listing["results"]}
    assert listing["count"] == Spotlight.objects.published().count()
    assert client.get(f"/api/v1/spotlights/{draft.slug}/").status_code == 404


def test_spotlights_filter_as_the_spotlight_list_does(client):
    listing = results(client, "/api/v1/spotlights/?city=oslo")
    assert [s["city"]["slug"] for s in listing["results"]] == ["oslo"]
    spotlight = listing["results"][0]
    assert spotlight["title"]["en"] and spotlight["title"]["zh-hans"]
    assert "气候预算" in spotlight["body"]["zh-hans"]
    assert "climate budget" in spotlight["body"]["en"]


def test_every_response_states_the_licence(client, settings):
    listing = client.get("/api/v1/regions/")
    assert listing.json()["licence"]["url"] == settings.OPEN_DATA_LICENCE["url"]
    assert "C40" in listing.json()["attribution"]["publisher"]
    item = client.get("/api/v1/regions/africa/")
    assert item["Link"] == f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'


def test_the_api_is_read_only(client):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/api/v1/cities/beijing/").status_code == 405


def test_the_root_lists_the_collections(client):
    root = results(client, "/api/v1/")
    assert root["spotlights"] == "https://cities.example.org/api/v1/spotlights/"


def test_api_answers_are_cached_and_follow_an_edit(client, page_cache):
    first = client.get("/api/v1/cities/beijing/")
    again = client.get("/api/v1/cities/beijing/")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    beijing = City.objects.get(slug="beijing")
    beijing.name_en = "Peking"
    beijing.save()
    edited = client.get("/api/v1/cities/beijing/")
    assert edited["X-Page-Cache"] == "miss"
    assert edited.json()["name"]["en"] == "Peking"


@pytest.mark.parametrize("size", ["abc", "0", "-1", "1.5"])
def test_a_page_size_that_is_not_a_whole_number_is_a_400(client, size):
    response = client.get(f"/api/v1/cities/?page_size={size}")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["A whole number from 1 to 500."]}


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/cities/a.b/", "/api/v2/cities/"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
