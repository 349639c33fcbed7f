import re

import pytest
from django.utils import translation

from cities.models import City
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight
from tests.cities.test_views import url_in

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'<li><a href="/(?:en|zh-hans)/cities/([\w-]+)/">')


def directory(client, language="en", **params):
    return client.get(url_in(language, "cities:city-list"), params)


def slugs_on_every_page(client, language="en", **params):
    """The city slugs the directory lists for these filters, following its pagination."""
    slugs, page = [], 1
    while True:
        response = directory(client, language, page=page, **params)
        assert response.status_code == 200
        slugs += RESULT.findall(response.content.decode())
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def result_count(response):
    return response.context["paginator"].count


def test_unfiltered_directory_reaches_every_city_once(client):
    slugs = slugs_on_every_page(client)
    assert sorted(slugs) == sorted(City.objects.values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("region", "africa", lambda: City.objects.filter(region__slug="africa")),
        ("country", "china", lambda: City.objects.filter(country__slug="china")),
        (
            "network",
            "cool-cities",
            lambda: Network.objects.get(slug="cool-cities").member_cities.all(),
        ),
        (
            "accelerator",
            "clean-air",
            lambda: Accelerator.objects.get(slug="clean-air").signatory_cities.all(),
        ),
    ],
)
def test_directory_filters_by_each_parameter_alone(client, parameter, value, expected):
    slugs = slugs_on_every_page(client, **{parameter: value})
    assert sorted(slugs) == sorted(expected().values_list("slug", flat=True))


def test_initiative_area_includes_network_members_and_spotlight_cities_once(client):
    slugs = slugs_on_every_page(client, initiative="adaptation-water")
    network_members = City.objects.filter(networks__area__slug="adaptation-water")
    spotlight_cities = City.objects.filter(
        spotlights__initiative_areas__slug="adaptation-water", spotlights__status="published"
    )
    expected = set(network_members.values_list("slug", flat=True)) | set(
        spotlight_cities.values_list("slug", flat=True)
    )
    assert len(slugs) == len(set(slugs)), "a city is listed twice"
    assert set(slugs) == expected
    assert "rotterdam" in slugs  # a Connecting Delta Cities member


def test_values_of_one_parameter_are_alternatives(client):
    slugs = slugs_on_every_page(client, region=["africa", "europe"])
    expected = City.objects.filter(region__slug__in=["africa", "europe"])
    assert sorted(slugs) == sorted(expected.values_list("slug", flat=True))


def test_directory_filters_by_region_and_accelerator_together(client):
    slugs = slugs_on_every_page(client, region="africa", accelerator="clean-air")
    expected = Accelerator.objects.get(slug="clean-air").signatory_cities.filter(
        region__slug="africa"
    )
    assert sorted(slugs) == sorted(expected.values_list("slug", flat=True))
    assert "durban" in slugs


def test_all_filters_and_a_search_combine(client):
    params = {
        "region": "europe",
        "initiative": "transportation",
        "network": "low-emission-vehicles",
        "accelerator": "clean-air",
        "country": "united-kingdom",
        "q": "lon",
    }
    assert slugs_on_every_page(client, **params) == ["london"]


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "bogota", "bogota"),
        ("en", "BOGOTÁ", "bogota"),
        ("en", "sao paulo", "sao-paulo"),
        ("en", "北京", "beijing"),
        ("zh-hans", "beijing", "beijing"),
        ("zh-hans", "北京", "beijing"),
        ("en", "eThekwini", "durban"),
        ("en", "ethekweni", "durban"),
        ("en", "tel aviv", "tel-aviv-yafo"),
        ("zh-hans", "Peking", "beijing"),
    ],
)
def test_search_ignores_case_accents_and_language(client, language, query, expected):
    assert expected in slugs_on_every_page(client, language, q=query)


def test_search_by_country_name_in_either_language(client):
    english = set(slugs_on_every_page(client, "en", q="Brazil"))
    chinese = set(slugs_on_every_page(client, "en", q="巴西"))
    assert (
        english
        == chinese
        == set(City.objects.filter(country__slug="brazil").values_list("slug", flat=True))
    )


def test_search_needs_every_word(client):
    assert slugs_on_every_page(client, q="paulo sao") == ["sao-paulo"]
    assert slugs_on_every_page(client, q="paulo oslo") == []


def test_facet_counts_give_the_results_of_each_choice(client):
    response = directory(client, region="europe")
    facets = {facet.name: facet for facet in response.context["facets"]}
    checked = 0
    for name in ("initiative", "accelerator", "region"):
        for option in facets[name].options:
            if option.selected:
                continue
            followed = client.get(url_in("en", "cities:city-list") + option.url)
            expected = option.count
            if name == "region":  # another region is added to the selection, not intersected
                expected += result_count(response)
            assert result_count(followed) == expected, (name, option.slug)
            checked += 1
    assert checked > 10
    assert len(facets["region"].options) == 7  # the other regions stay selectable


def test_selecting_a_region_keeps_the_other_regions_counted(client):
    facets = {facet.name: facet for facet in directory(client, region="africa").context["facets"]}
    counts = {option.slug: option.count for option in facets["region"].options}
    assert counts["europe"] == City.objects.filter(region__slug="europe").count()
    assert counts["africa"] == 14


def test_facet_counts_are_shown_next_to_each_choice(client):
    html = directory(client, initiative="transportation").content.decode()
    transportation = InitiativeArea.objects.filter(slug="transportation")
    count = City.objects.filter(region__slug="africa").in_initiatives(transportation).count()
    assert count > 0
    assert re.search(rf'value="africa">\s*Africa <span class="count">\({count}\)</span>', html)


def test_current_filters_show_as_removable_chips(client):
    html = directory(client, region="africa", q="ja").content.decode()
    assert 'href="?q=ja"' in html  # removing Africa keeps the search
    assert 'href="?region=africa"' in html  # removing the search keeps Africa
    assert "Clear all" in html


def test_pagination_keeps_the_filters(client):
    html = directory(client, region=["europe", "africa"]).content.decode()
    assert 'href="?region=europe&amp;region=africa&amp;page=2"' in html


def test_an_empty_result_explains_itself_and_offers_to_remove_filters(client):
    response = directory(client, "zh-hans", region="africa", q="oslo")
    html = response.content.decode()
    assert result_count(response) == 0
    assert "没有符合此搜索和筛选条件的城市" in html
    assert "清除所有筛选重新开始" in html
    assert 'href="?q=oslo"' in html  # the chip that removes Africa


def test_chinese_directory_is_in_chinese(client):
    html = directory(client, "zh-hans", region="africa").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "C40城市名录" in text and "非洲" in text and "倡议领域" in text
    for english in ("Directory of C40 cities", "Initiative area", "Apply filters", "results"):
        assert english not in text


def test_language_switch_keeps_the_filters(client):
    html = directory(client, "en", region="africa", q="lagos").content.decode()
    assert 'href="/zh-hans/cities/?region=africa&amp;q=lagos"' in html


def test_directory_works_without_javascript(client):
    html = directory(client).content.decode()
    assert re.search(r'<form class="filters" id="filters" method="get" action=""', html)
    assert '<button type="submit">' in html
    assert re.search(r'<script src="[^"]+live-filters\.js" defer>', html)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_city_page_links_accelerators_networks_and_learning(client, language):
    with translation.override(language):
        url = City.objects.get(slug="london").get_absolute_url()
    html = client.get(url).content.decode()
    with translation.override(language):
        clean_air = Accelerator.objects.get(slug="clean-air")
        network = Network.objects.get(slug="low-emission-vehicles")
        assert f'<a href="{clean_air.get_absolute_url()}">{clean_air.name}</a>' in html
        assert f'<a href="{network.get_absolute_url()}">{network.name}</a>' in html
    assert "<svg" in html and 'class="marker"' in html
    other = {"en": "伦敦", "zh-hans": "London"}[language]
    assert f">{other}</span>" in html
    learn = client.get(url).context["learn_from"]
    assert learn and all(spotlight.city.slug != "london" for spotlight in learn)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_region_page_lists_its_cities_and_spotlights(client, language):
    response = client.get(url_in(language, "cities:region-detail", slug="africa"))
    html = response.content.decode()
    with translation.override(language):
        for city in City.objects.filter(region__slug="africa"):
            assert f'<a href="{city.get_absolute_url()}">{city.name}</a>' in html
    published = Spotlight.objects.published().filter(city__region__slug="africa")
    assert len(response.context["spotlights"]) == published.count() > 0


def test_home_shows_regions_with_counts_figures_and_spotlights(client):
    html = client.get("/zh-hans/").content.decode()
    assert re.search(r'/zh-hans/regions/africa/">非洲</a>\s*<span class="count">14座城市', html)
    assert "2100万" in html  # a headline figure from the book
    assert 'href="/zh-hans/spotlights/' in html
    assert 'href="/zh-hans/cities/"' in html
