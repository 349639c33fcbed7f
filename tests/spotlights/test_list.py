import re

import pytest

from spotlights.models import Spotlight
from tests.cities.test_views import url_in

pytestmark = pytest.mark.django_db

RESULTS = re.compile(r'<ul class="spotlight-results">(.*?)\n</ul>', re.S)
CARD_LINK = re.compile(r'href="/(?:en|zh-hans)/spotlights/([\w-]+)/"')


def listed(html):
    """The spotlights a page of the list links to, once each, in order."""
    results = RESULTS.search(html)
    return list(dict.fromkeys(CARD_LINK.findall(results.group(1)))) if results else []


def spotlight_list(client, language="en", **params):
    return client.get(url_in(language, "spotlights:spotlight-list"), params)


def slugs_on_every_page(client, language="en", **params):
    slugs, page = [], 1
    while True:
        response = client.get(
            url_in(language, "spotlights:spotlight-list"), {**params, "page": page}
        )
        assert response.status_code == 200
        slugs += listed(response.content.decode())
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def expected(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def test_every_published_spotlight_is_reachable_from_the_list(client):
    assert sorted(slugs_on_every_page(client)) == expected(Spotlight.objects.published())


def test_drafts_are_not_listed(client):
    Spotlight.objects.filter(city__slug="oslo").update(status=Spotlight.Status.DRAFT)
    assert not [slug for slug in slugs_on_every_page(client) if slug.startswith("oslo")]


@pytest.mark.parametrize(
    ("params", "lookup"),
    [
        ({"region": "europe"}, {"city__region__slug": "europe"}),
        ({"initiative": "energy"}, {"initiative_areas__slug": "energy"}),
        ({"city": "lagos"}, {"city__slug": "lagos"}),
    ],
)
def test_spotlights_filter_by_each_parameter(client, params, lookup):
    assert sorted(slugs_on_every_page(client, **params)) == expected(
        Spotlight.objects.published().filter(**lookup).distinct()
    )


def test_spotlight_filters_combine(client):
    slugs = slugs_on_every_page(client, region="europe", initiative="transportation")
    matching = Spotlight.objects.published().filter(
        city__region__slug="europe", initiative_areas__slug="transportation"
    )
    assert sorted(slugs) == expected(matching) and slugs


@pytest.mark.parametrize(
    ("language", "query", "city"),
    [("en", "公交", None), ("zh-hans", "bus", None), ("en", "São Paulo", "sao-paulo")],
)
def test_spotlight_search_works_across_languages(client, language, query, city):
    slugs = slugs_on_every_page(client, language, q=query)
    assert slugs
    if city:
        assert all(Spotlight.objects.get(slug=slug).city.slug == city for slug in slugs), slugs


def test_spotlight_facets_count_each_choice(client):
    response = client.get(url_in("en", "spotlights:spotlight-list"), {"region": "africa"})
    initiative = next(f for f in response.context["facets"] if f.name == "initiative")
    for option in initiative.options:
        followed = client.get(url_in("en", "spotlights:spotlight-list") + option.url)
        assert followed.context["paginator"].count == option.count, option.slug


def test_chinese_spotlight_list_is_in_chinese(client):
    html = spotlight_list(client, "zh-hans", q="xyzzy", region="africa").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "没有符合此搜索和筛选条件的城市掠影" in text
    assert "City spotlights" not in text and "Search the spotlights" not in text
    unfiltered = re.sub(
        r"<[^>]+>", " ", spotlight_list(client, "zh-hans", q="xyzzy").content.decode()
    )
    assert "没有与“xyzzy”匹配的城市掠影。" in unfiltered and "浏览全部城市掠影" in unfiltered


def test_spotlight_list_puts_the_search_and_filters_before_the_cards(client):
    html = spotlight_list(client).content.decode()
    search = html.index('<input id="q" type="search"')
    panel = html.index('<details class="filter-panel"')
    assert search < panel < html.index('<ul class="spotlight-results">')
    assert 'action="/en/spotlights/"' in html
    count = Spotlight.objects.published().count()
    assert f"Filters · {count} spotlights" in html and f"Show {count} spotlights" in html


def test_every_result_is_a_spotlight_card(client):
    html = spotlight_list(client, region="europe").content.decode()
    results = RESULTS.search(html).group(1)
    # One item per spotlight, each linking to it (through the site's card).
    assert results.count("<li>") == len(listed(html)) > 0


def test_a_spotlight_search_with_no_result_suggests_a_city_with_spotlights(client):
    html = spotlight_list(client, q="Lodnon").content.decode()
    assert 'Did you mean: <a href="/en/spotlights/?q=London">London</a>?' in html
    assert "removing a filter" not in html and "No choices for this selection" not in html
    assert "data-facet=" not in html
    assert listed(spotlight_list(client, q="London").content.decode())


def test_a_facet_with_too_many_choices_offers_the_busiest_and_every_selected_one(
    client, monkeypatch
):
    """At 10 000 cities the city facet offered 10 000 checkboxes (1.7 MB, 2 s uncached)."""
    monkeypatch.setattr("cities.facets.FACET_OPTION_LIMIT", 5)
    response = spotlight_list(client, city="wuhan")
    city = next(f for f in response.context["facets"] if f.name == "city")
    with_spotlights = Spotlight.objects.published().values("city").distinct().count()
    assert len(city.options) <= 6 and "wuhan" in {o.slug for o in city.selected}
    assert city.hidden == with_spotlights - 5
    assert f"{city.hidden} more with fewer results" in response.content.decode()
