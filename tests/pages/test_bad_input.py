import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
LISTS = ["cities:city-list", "spotlights:spotlight-list"]
SCRIPT = "<script>alert(1)</script>"


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture(
    params=[(language, name) for language in LANGUAGES for name in LISTS],
    ids=lambda param: f"{param[0]}-{param[1].split(':')[1]}",
)
def list_url(request):
    """A filterable list page (the city directory or the spotlights) in one language."""
    return url_in(*request.param)


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def result_count(html):
    """The number of results the page announces, e.g. "14 results" or "14条结果"."""
    return int(re.search(r'id="result-count">\s*(\d+)', html).group(1))


def page_shown(html):
    """(page, of pages) from "Page 2 of 5" or "第2页，共5页"."""
    match = re.search(r"Page (\d+) of (\d+)|第(\d+)页，共(\d+)页", html)
    return tuple(int(n) for n in match.groups() if n)


def notice(html):
    match = re.search(r'<p class="notice" role="status">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def test_a_script_tag_in_the_search_is_shown_escaped(client, list_url):
    html = get(client, list_url, {"q": SCRIPT})
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markup_in_the_raw_query_string_is_never_reflected(client, list_url):
    response = client.get(f'{list_url}?q="><script>alert(1)</script>&region="><b>x</b>')
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>x</b>" not in html
    assert '"><script>' not in html and '"><b>' not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)" in html  # the search was read, and escaped


def test_a_nul_byte_in_the_search_is_dropped(client, list_url):
    html = get(client, list_url, {"q": "bei\x00jing"})
    assert "\x00" not in html
    assert result_count(html) == result_count(get(client, list_url, {"q": "beijing"})) == 1
    assert "/beijing" in re.search(r'<section class="results".*?</section>', html, re.S).group(0)


def test_a_very_long_search_is_cut_short(client, list_url):
    html = get(client, list_url, {"q": "x" * 10_000})
    assert result_count(html) == 0
    assert f'name="q" value="{"x" * 200}"' in html  # the search box keeps the first 200


def test_sql_in_the_search_is_plain_text(client, list_url):
    total = result_count(get(client, list_url))
    html = get(client, list_url, {"q": "' OR 1=1 --"})
    assert "&#x27; OR 1=1 --" in html
    assert result_count(html) < total


@pytest.mark.parametrize(
    ("query", "broader"),
    [
        ("_", ""),
        ("a_", "a"),
        ("%", ""),
        ("😀", ""),
    ],
)
def test_like_wildcards_do_not_match_everything(client, list_url, query, broader):
    baseline = result_count(get(client, list_url, {"q": broader} if broader else {}))
    assert result_count(get(client, list_url, {"q": query})) < baseline


@pytest.mark.parametrize(
    "query", ["😀🌍", "\u200fcairo\u200e", "\u202eodnol", "e\u0301\u0300\u0327", "Z̸̢͙a̷l̶g̵o"]
)
def test_unicode_junk_in_the_search_is_echoed_safely(client, list_url, query):
    html = get(client, list_url, {"q": query})
    assert f'value="{escape(query)}"' in html


def test_decomposed_accents_find_the_same_city(client, list_url):
    composed = result_count(get(client, list_url, {"q": "São Paulo"}))
    assert composed >= 1
    assert result_count(get(client, list_url, {"q": "Sa\u0303o Paulo"})) == composed


def test_an_unknown_region_is_ignored_and_named_in_a_notice(client, list_url):
    total = result_count(get(client, list_url))
    html = get(client, list_url, {"region": "atlantis"})
    assert result_count(html) == total
    assert "“atlantis”" in notice(html)


def test_a_known_and_an_unknown_region_apply_the_known_one(client, list_url):
    total = result_count(get(client, list_url))
    africa = result_count(get(client, list_url, {"region": "africa"}))
    html = get(client, list_url, {"region": ["africa", "atlantis"]})
    assert result_count(html) == africa < total
    assert "“atlantis”" in notice(html) and "africa" not in notice(html)


@pytest.mark.parametrize("value", ["<b>x</b>", "af\x00rica", f'"{SCRIPT}', "a" * 5000])
def test_a_region_that_cannot_be_a_slug_is_ignored(client, list_url, value):
    total = result_count(get(client, list_url))
    html = get(client, list_url, {"region": value})
    assert result_count(html) == total
    assert "<b>x</b>" not in html and SCRIPT not in html and "\x00" not in html


def test_a_region_with_markup_is_named_escaped_in_the_notice(client, list_url):
    html = get(client, list_url, {"region": "<b>x</b>"})
    assert "&lt;b&gt;x&lt;/b&gt;" in notice(html)


def test_a_repeated_region_counts_once(client, list_url):
    africa = get(client, list_url, {"region": "africa"})
    html = get(client, list_url, {"region": ["africa", "africa"]})
    assert result_count(html) == result_count(africa)
    assert html.count('class="chip"') == 1  # one "remove Africa" chip, besides "clear all"
    assert notice(html) == ""


@pytest.mark.parametrize(
    ("page", "expected"),
    [("abc", 1), ("1.5", 1), ("", 1), ("2", 2), ("9999", 5), ("99999999999999999999", 5)],
)
def test_a_bad_page_number_gives_a_real_page(client, list_url, page, expected):
    html = get(client, list_url, {"page": page})
    assert page_shown(html) == (expected, 5)


@pytest.mark.parametrize("page", ["0", "-1", "-99999"])
def test_a_page_below_one_gives_the_first_page(client, list_url, page):
    html = get(client, list_url, {"page": page})
    assert page_shown(html) == (1, 5)
    assert re.search(r'<ul class="(city|spotlight)-results">\s*<li>', html)


def test_unknown_parameters_are_ignored(client, list_url):
    total = result_count(get(client, list_url))
    html = get(client, list_url, {"utm_source": "<i>x</i>", "sort": "-1", "country_code": "XX"})
    assert result_count(html) == total
    assert notice(html) == "" and "<i>x</i>" not in html


@pytest.mark.parametrize(
    "name",
    [
        "cities:city-detail",
        "cities:region-detail",
        "spotlights:spotlight-detail",
        "networks:initiative-detail",
        "networks:network-detail",
        "networks:accelerator-detail",
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_detail_page_for_an_unknown_slug_is_a_404(client, name, language):
    response = client.get(url_in(language, name, slug="atlantis"))
    assert response.status_code == 404
    assert (
        "页面不存在" if language == "zh-hans" else "Page not found"
    ) in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/cities/%00/",
        "/en/cities/bei%00jing/",
        f"/en/cities/{SCRIPT}/",
        "/en/cities/%3Cscript%3E/",
        "/zh-hans/networks/北京/",
        "/en/networks/..%2F..%2Fetc%2Fpasswd/",
        "/en/accelerators/clean-air'--/",
        "/en/regions/africa%20OR%201=1/",
        "/zh-hans/initiatives/😀/",
        "/en/spotlights/" + "a" * 5000 + "/",
    ],
)
def test_a_detail_page_for_an_odd_slug_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<script>" not in html
    assert "\x00" not in html
