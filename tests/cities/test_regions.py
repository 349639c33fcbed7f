"""The regions: an index in the main menu, and pages that introduce each region on a map."""

import re

import pytest

from cities.models import City, Region
from tests.rows import each

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_regions_index_lists_every_region_with_its_counts(client, language):
    html = client.get(f"/{language}/regions/").content.decode()
    for region in each(Region.objects.with_city_counts()):
        assert f'href="/{language}/regions/{region.slug}/"' in html
    europe = {"en": "18 cities · 18 spotlights", "zh-hans": "18座城市 · 18篇城市掠影"}
    assert europe[language] in html


def test_regions_are_in_the_main_menu(client):
    html = client.get("/en/cities/beijing/").content.decode()
    start = html.index('<nav class="site-nav')
    nav = html[start : html.index("</nav>", start)]
    assert 'href="/en/regions/"' in nav


def test_region_page_introduces_the_region_with_its_counts_and_areas(client):
    html = client.get("/en/regions/europe/").content.decode()
    assert "Europe has 18 C40 member cities." in html
    countries = len({city.country_id for city in City.objects.filter(region__slug="europe")})
    assert f"They are in {countries} countries." in html
    assert "most often about:" in html
    assert 'class="area-tags"' in html


def test_region_page_maps_each_city_with_a_link(client):
    html = client.get("/en/regions/europe/").content.decode()
    region_map = html[html.index('class="location-map region-map') : html.index("</figure>")]
    links = re.findall(r'<a href="(/en/cities/[^"]+/)"><title>', region_map)
    assert sorted(links) == sorted(
        f"/en/cities/{slug}/"
        for slug in City.objects.filter(region__slug="europe").values_list("slug", flat=True)
    )


def test_chinese_region_page_lists_cities_in_pinyin_order(client):
    html = client.get("/zh-hans/regions/europe/").content.decode()
    listed = re.findall(r'<li><a href="/zh-hans/cities/[^"]+/">([^<]+)</a></li>', html)
    # a1 mu3 si1 te4 dan1, ao4 si1 lu4, ba1 li2, ba1 sai4 luo2 na4, bo2 lin2
    assert listed[:5] == ["阿姆斯特丹", "奥斯陆", "巴黎", "巴塞罗那", "柏林"]


def test_an_unknown_region_is_not_found(client):
    assert client.get("/en/regions/atlantis/").status_code == 404


def test_chinese_region_introduction_runs_on_without_spaces_between_sentences(client):
    html = client.get("/zh-hans/regions/africa/").content.decode()
    start = html.index('<p class="lede">')
    lede = html[start : html.index("</p>", start)]
    assert "非洲有14个C40成员城市。分布在" in lede
    assert "。 " not in lede
