import re
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from django.conf import settings
from django.utils import translation

from cities.models import City
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight
from tests.cities.test_views import url_in
from tests.rows import each

pytestmark = pytest.mark.django_db

DIRECTORY_CSS = Path(settings.BASE_DIR) / "static" / "css" / "directory.css"
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
    assert re.search(
        rf'value="africa">\s*<span>Africa <span class="count">\({count}\)</span>', html
    )


def test_current_filters_show_as_removable_chips(client):
    html = directory(client, region="africa", q="ja").content.decode()
    assert 'href="?q=ja"' in html  # removing Africa keeps the search
    assert 'href="?region=africa"' in html  # removing the search keeps Africa
    assert "Clear all" in html


def test_pagination_keeps_the_filters(client):
    html = directory(client, region=["europe", "africa"]).content.decode()
    assert 'href="?region=africa&amp;region=europe&amp;page=2"' in html


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
    for english in ("Directory of C40 cities", "Initiative area", "Filters", "Show", "results"):
        assert english not in text
    assert "筛选（1）· 14座城市" in text and "查看14座城市" in text


def test_language_switch_keeps_the_filters(client):
    html = directory(client, "en", region="africa", q="lagos").content.decode()
    assert 'href="/zh-hans/cities/?region=africa&amp;q=lagos"' in html


def test_directory_works_without_javascript(client):
    html = directory(client, region="africa").content.decode()
    # A form that submits to this page (an empty action is invalid HTML), its filters in a
    # <details> panel that opens without script, and buttons that submit it.
    assert '<form class="finder" id="filters" method="get" action="/en/cities/"' in html
    assert re.search(r'<details class="filter-panel"[^>]*>\s*<summary', html)
    assert '<button type="submit">Search</button>' in html
    assert re.search(r'<button type="submit" class="apply-filters"[^>]*><span[^>]*>Show 14', html)
    assert re.search(r'<script src="[^"]+live-filters\.js" defer>', html)


def test_search_comes_first_then_the_filters_then_the_results(client):
    html = directory(client).content.decode()
    search = html.index('<input id="q" type="search"')
    panel = html.index('<details class="filter-panel"')
    assert html.index("<h1>") < search < panel < html.index('<ul class="city-results">')
    assert search < html.index("data-directory-map")  # the map no longer comes first
    assert search < html.index('class="downloads"')


def test_filters_button_counts_the_active_filters_and_the_results(client):
    response = directory(client, region=["africa", "europe"], initiative="energy")
    count = result_count(response)
    summary = re.search(
        r"<summary class=\"filter-toggle\">(.*?)</summary>", response.content.decode(), re.S
    )
    assert re.sub(r"<[^>]+>", "", summary.group(1)) == f"Filters (3) · {count} cities"
    unfiltered = re.search(
        r"<summary class=\"filter-toggle\">(.*?)</summary>", directory(client).content.decode()
    )
    assert (
        re.sub(r"<[^>]+>", "", unfiltered.group(1)) == f"Filters · {City.objects.count()} cities"
    )


def test_a_facet_without_choices_is_left_out(client):
    html = directory(client, q="oslo").content.decode()  # Oslo belongs to no network
    assert 'data-facet="region"' in html and 'data-facet="accelerator"' in html
    assert 'data-facet="network"' not in html
    assert "No choices for this selection" not in html


def test_a_search_with_no_result_shows_no_map_no_downloads_and_no_empty_filters(client):
    response = directory(client, q="xyzzy")
    html = response.content.decode()
    assert result_count(response) == 0
    assert "data-directory-map" not in html and "data-geojson-url" not in html
    assert "Download this selection" not in html and "/api/v1/cities.csv" not in html
    assert "data-facet=" not in html
    assert "No choices for this selection" not in html
    assert "removing a filter" not in html  # no filter is set
    assert "No city matches “xyzzy”." in html
    assert '<a href="/en/cities/">Browse all cities</a>' in html


@pytest.mark.parametrize(
    ("language", "query", "suggestion", "question"),
    [
        ("en", "Bejign", "Beijing", "Did you mean: "),
        ("en", "Lodnonn", "London", "Did you mean: "),
        ("zh-hans", "Bejign", "Beijing", "您要找的是不是："),
        ("zh-hans", "北经", "北京", "您要找的是不是："),
    ],
)
def test_a_misspelt_city_gets_a_suggestion(client, language, query, suggestion, question):
    html = directory(client, language, q=query).content.decode()
    link = f'<a href="/{language}/cities/?q={quote_plus(suggestion)}">{suggestion}</a>'
    assert f"{question}{link}" in html
    followed = client.get(f"/{language}/cities/", {"q": suggestion})
    assert result_count(followed) >= 1


def test_no_suggestion_when_the_filters_alone_hide_the_city(client):
    html = directory(client, region="africa", q="oslo").content.decode()
    assert "Did you mean" not in html  # Oslo is found, just not in Africa
    assert "Try removing a filter above" in html


@pytest.mark.parametrize(
    ("language", "touch", "keys"),
    [
        ("en", "Drag to move the map, pinch to zoom.", "Arrow keys move the map; + and − zoom."),
        ("zh-hans", "拖动可移动地图，双指开合可缩放。", "方向键可移动地图，按 + 和 − 可缩放。"),
    ],
)
def test_the_map_hint_speaks_to_touch_and_to_keyboard(client, language, touch, keys):
    html = directory(client, language).content.decode()
    assert f'<span class="hint-touch">{touch}</span>' in html
    assert f'<span class="hint-keys">{keys}</span>' in html
    css = DIRECTORY_CSS.read_text()
    rule = re.search(r"@media \(pointer: coarse\), \(any-hover: none\) \{(.*?)\n\}", css, re.S)
    assert ".hint-touch { display: inline; }" in rule.group(1)
    assert ".hint-keys { display: none; }" in rule.group(1)
    assert re.search(r"^\.hint-touch \{ display: none; \}", css, re.M)  # fine pointers: keys


def test_each_city_row_shows_place_region_colour_and_spotlights(client):
    html = directory(client, country="united-kingdom").content.decode()
    london = re.search(r'<li><a href="/en/cities/london/">London</a>(.*?)</li>', html, re.S)
    spotlights = Spotlight.objects.published().filter(city__slug="london").count()
    assert spotlights
    row = re.sub(r"\s+", " ", london.group(1))
    assert '<span class="city-place region-europe">United Kingdom · Europe</span>' in row
    assert f"{spotlights} spotlight" in row


def test_the_list_or_map_switch_waits_for_javascript(client):
    html = directory(client).content.decode()
    switch = re.search(r"<div class=\"view-switch\"[^>]*>", html).group(0)
    assert "hidden" in switch and "data-view-switch" in switch
    assert '<button type="button" data-view="list" aria-pressed="true">List</button>' in html
    assert '<button type="button" data-view="map" aria-pressed="false">Map</button>' in html


def test_the_directory_loads_its_own_stylesheet_after_the_sites(client):
    html = directory(client).content.decode()
    site = html.index('href="/static/css/site.css"')
    assert site < html.index('href="/static/css/directory.css"')
    assert "/static/js/city-map.js" in html  # the map partial's script stays


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
        for city in each(City.objects.filter(region__slug="africa")):
            assert f'<a href="{city.get_absolute_url()}">{city.name}</a>' in html
    published = Spotlight.objects.published().filter(city__region__slug="africa")
    assert len(response.context["spotlights"]) == published.count() > 0


def test_home_shows_regions_with_counts_figures_and_spotlights(client):
    html = client.get("/zh-hans/").content.decode()
    tile = html[html.index('<li class="region-tile region-africa">') :]
    assert re.search(r'/zh-hans/regions/africa/">非洲</a>.*?14座城市 · 14篇城市掠影', tile, re.S)
    assert "2100万" in html  # a headline figure from the book
    assert 'href="/zh-hans/spotlights/' in html
    assert 'href="/zh-hans/cities/"' in html


def test_suggestions_are_looked_for_only_when_nothing_is_found(client, django_assert_num_queries):
    directory(client, q="Paris")  # the cities' names, read once (a misspelling is one of them)
    with django_assert_num_queries(10):
        directory(client, q="Beijing")  # found: no suggestion is looked for
    # Nothing found: no row to fetch, but the search without filters.
    with django_assert_num_queries(7):
        directory(client, q="Bejxyzng")


def test_each_initiative_count_is_the_number_of_cities_its_filter_gives():
    """The grouped count behind the facet and the areas index, checked against the filter
    (a UNION of two differently ordered column lists once mixed city and area ids)."""
    counts = City.objects.all().counts_by_initiative()
    for area in each(InitiativeArea.objects.all()):
        assert counts.get(area.pk, 0) == City.objects.in_initiatives([area]).count(), area.slug
    europe = City.objects.filter(region__slug="europe")
    counts = europe.counts_by_initiative()
    for area in each(InitiativeArea.objects.all()):
        assert counts.get(area.pk, 0) == europe.in_initiatives([area]).count(), area.slug


@pytest.mark.usefixtures("page_cache")
def test_the_names_behind_suggestions_are_read_once_and_follow_an_edit(
    client, django_assert_num_queries
):
    directory(client, q="Bejxyzng")
    with django_assert_num_queries(7):  # the cities' names are not read again
        directory(client, q="Pekinxyz")
    beijing = City.objects.get(slug="beijing")
    beijing.alternative_names += ";Khanbaliq"
    beijing.save()
    assert "Khanbaliq" in directory(client, q="Khanbxyzq").content.decode()
