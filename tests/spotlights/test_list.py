import re

import pytest

from spotlights.models import Spotlight
from tests.cities.test_views import url_in

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<h3 class="card-title"><a href="/(?:en|zh-hans)/spotlights/([\w-]+)/">')


def slugs_on_every_page(client, language="en", **params):
    slugs, page = [], 1
    while True:
        response = client.get(
            url_in(language, "spotlights:spotlight-list"), {**params, "page": page}
        )
        assert response.status_code == 200
        slugs += CARD.findall(response.content.decode())
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
    html = client.get(url_in("zh-hans", "spotlights:spotlight-list"), {"q": "xyzzy"})
    text = re.sub(r"<[^>]+>", " ", html.content.decode())
    assert "没有符合此搜索和筛选条件的城市掠影" in text
    assert "City spotlights" not in text and "Search the spotlights" not in text
