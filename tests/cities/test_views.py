import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cities.models import City, Region
from spotlights.body import render_body
from spotlights.models import Spotlight
from tests.rows import each

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9", "/en/"), ("zh-CN,zh;q=0.9", "/zh-hans/"), ("fr", "/en/")],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_links_every_region(client, language):
    response = client.get(url_in(language, "cities:home"))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        for region in each(Region.objects.all()):
            assert f'<a href="{region.get_absolute_url()}">{region.name}</a>' in html


def test_home_page_is_chinese_on_the_chinese_site(client):
    html = client.get("/zh-hans/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "北京" in html and "非洲" in html  # a featured spotlight's city, a region
    assert "携手" in html  # from the compiled catalogue: a missing .mo would show English
    assert ">Beijing<" not in html


@pytest.mark.slow  # 98 cities × 2 languages
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_city_page_answers_in_both_languages(client, language):
    for slug in each(City.objects.values_list("slug", flat=True)):
        response = client.get(url_in(language, "cities:city-detail", slug=slug))
        assert response.status_code == 200, slug


def test_city_page_shows_region_country_and_spotlight_in_chinese(client):
    beijing = City.objects.get(slug="beijing")
    spotlight = beijing.spotlights.get()
    html = client.get(url_in("zh-hans", "cities:city-detail", slug="beijing")).content.decode()
    assert "<h1>北京</h1>" in html
    assert "东亚中部" in html and "中国" in html
    assert escape(spotlight.body_zh_hans) in html
    assert escape(spotlight.body_en) not in html
    assert ">Region<" not in html and ">Country<" not in html


def test_city_page_shows_steering_committee_role_and_accelerators(client):
    html = client.get(url_in("en", "cities:city-detail", slug="london")).content.decode()
    assert "Steering Committee" in html
    assert "Clean Air" in html


def test_unknown_city_is_a_404(client):
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_language_switcher_keeps_the_same_city(client):
    html = client.get(url_in("en", "cities:city-detail", slug="sao-paulo")).content.decode()
    assert re.search(r'<a href="/zh-hans/cities/sao-paulo/"[^>]*>简体中文</a>', html)


def test_a_draft_spotlight_is_hidden_from_the_city_page(client):
    spotlight = Spotlight.objects.get(city__slug="oslo")
    url = url_in("en", "cities:city-detail", slug="oslo")
    assert render_body(spotlight.body_en) in client.get(url).content.decode()
    spotlight.status = Spotlight.Status.DRAFT
    spotlight.save()
    assert render_body(spotlight.body_en) not in client.get(url).content.decode()


def test_unknown_page_says_not_found_in_the_visitors_language(client):
    response = client.get("/zh-hans/cities/atlantis/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "Page not found" not in html


def test_server_error_page_is_translated():
    with translation.override("zh-hans"):
        html = render_to_string("500.html")
    assert "出错" in html


CJK = re.compile(r"[\u3400-\u9fff]")
# Elements marked as Chinese (the switcher, a city's Chinese name) are meant to be there.
MARKED_CHINESE = re.compile(r'<(\w+)[^>]*\blang="zh-hans"[^>]*>.*?</\1>')


@pytest.mark.slow  # every page of both languages
def test_english_pages_show_no_chinese_besides_the_switcher_and_native_names(client):
    pages = {url_in("en", "cities:home"): [], url_in("en", "cities:city-list"): []}
    pages |= {city.get_absolute_url(): city.alternative_name_list for city in City.objects.all()}
    pages |= {spotlight.get_absolute_url(): [] for spotlight in Spotlight.objects.published()}
    for url, native_names in pages.items():
        html = MARKED_CHINESE.sub("", client.get(url).content.decode())
        for allowed in ["简体中文", *native_names]:
            html = html.replace(allowed, "")
        # The directory's search placeholder shows that Chinese names can be searched.
        html = html.replace("北京", "") if url.endswith("/cities/") else html
        assert not CJK.search(html), f"{url}: {CJK.search(html)}"
