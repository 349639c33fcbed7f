"""The site search page and its JSON: every kind of page, titles in the page's language, where
it matched, and a clear answer to any input."""

import pytest
from django.urls import reverse
from django.utils import translation

from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db


def page(client, language, query, **extra):
    with translation.override(language):
        url = reverse("sitesearch:search")
    return client.get(url, {"q": query, **extra})


def test_a_chinese_visitor_typing_traditional_characters_finds_london(client):
    html = page(client, "zh-hans", "倫敦").content.decode()
    assert 'href="/zh-hans/cities/london/"' in html and ">伦敦</a>" in html
    assert "城市" in html  # the kind of page, in the page's language


def test_a_typo_still_finds_the_city_and_offers_to_go_there(client):
    html = page(client, "en", "Bejing").content.decode()
    assert 'href="/en/cities/beijing/">Beijing</a>' in html
    assert "Go to Beijing" in html


def test_a_spotlight_found_by_its_text_shows_the_sentence_marked(client):
    html = page(client, "en", "kilometres").content.decode()
    assert "/en/spotlights/shenzhen-a-city-of-ultra-fast-charging/" in html
    assert "<mark>kilometres</mark>" in html.split('class="search-results"')[1]


def test_an_alternative_name_is_shown_as_what_matched(client):
    html = page(client, "en", "Peking").content.decode()
    assert "<mark>peking</mark>" in html


def test_nothing_found_proposes_the_nearest_names(client):
    html = page(client, "en", "Berlinnn Germanyy").content.decode()
    assert "Nothing found" in html or "Go to Berlin" in html
    html = page(client, "en", "Qwertzberlin").content.decode()
    assert "Did you mean" in html and "/en/cities/berlin/" in html


@pytest.mark.parametrize(
    "query",
    ["", " ", "\x00", "!!!", "a" * 10_000, "' OR 1=1 --", ".*(", "%_%", "北京 Beijing 🌏", "😀😀"],
    ids=[
        "empty",
        "space",
        "nul",
        "punctuation",
        "10000",
        "sql",
        "regex",
        "like",
        "mixed",
        "emoji",
    ],
)
def test_any_input_gets_a_page_never_an_error(client, query):
    response = page(client, "en", query)
    assert response.status_code == 200
    api = client.get(reverse("api:search"), {"q": query})
    assert api.status_code == 200 and len(api.json()["query"]) <= 200


def test_the_json_lists_results_in_rank_order_with_both_languages(client):
    response = client.get(reverse("api:search"), {"q": "德里"})
    results = response.json()["results"]
    assert [(result["kind"], result["slug"]) for result in results[:2]] == [
        ("city", "delhi"),
        ("city", "madrid"),
    ]
    assert results[0]["title"] == {"en": "Delhi", "zh-hans": "德里"}
    assert results[0]["url"]["zh-hans"].endswith("/zh-hans/cities/delhi/")


def test_the_json_says_what_is_missing(client):
    response = client.get(reverse("api:search"))
    assert response.status_code == 400 and "q" in response.json()


def test_the_search_is_in_the_api_schema(client):
    schema = client.get(reverse("api:openapi")).json()
    assert "/api/v1/search/" in schema["paths"]


def test_the_home_page_search_box_leads_to_the_site_search(client):
    html = client.get("/zh-hans/").content.decode()
    assert 'action="/zh-hans/search/"' in html


def test_suggestions_ask_for_a_few_and_a_wrong_limit_is_named(client):
    response = client.get(reverse("api:search"), {"q": "san", "limit": "3"})
    assert len(response.json()["results"]) == 3
    for limit in ("0", "51", "abc", "-1", "2.5", "", "9" * 5000):
        response = client.get(reverse("api:search"), {"q": "san", "limit": limit})
        assert response.status_code == 400 and "limit" in response.json()


def test_a_page_of_text_matches_reads_their_bodies_in_one_query(
    client, django_assert_max_num_queries
):
    # The index (7 reads: the test settings cache nothing), the text search and the bodies;
    # reading each body apart made it one more per result.
    with django_assert_max_num_queries(9):
        html = page(client, "en", "solar").content.decode()
    assert html.count('class="result-snippet"') > 3


def test_a_word_is_found_in_its_other_forms(client):
    # Shenzhen's spotlight says "charging"; a visitor types "charges".
    html = page(client, "en", "charges").content.decode()
    assert "/en/spotlights/shenzhen-a-city-of-ultra-fast-charging/" in html


def test_chinese_typed_without_spaces_is_found_word_by_word(client):
    # "太阳能学校": solar power and schools, apart in the text; 能学 is not a word.
    html = page(client, "zh-hans", "太阳能学校").content.decode()
    results = html.split('class="search-results"')[1]
    assert "<mark>太阳能</mark>" in results and "<mark>学校</mark>" in results


def test_an_edited_spotlight_is_found_by_its_new_words(client):
    spotlight = Spotlight.objects.published().get(slug="shenzhen-a-city-of-ultra-fast-charging")
    spotlight.body_en += "<p>Sodium batteries were trialled.</p>"
    spotlight.body_zh_hans += "<p>试用了钠离子电池。</p>"
    spotlight.save()
    for language, query in (("en", "sodium battery"), ("zh-hans", "钠离子")):
        html = page(client, language, query).content.decode()
        assert f"/{language}/spotlights/shenzhen-a-city-of-ultra-fast-charging/" in html


def test_no_page_with_every_word_shows_those_with_some_and_says_so(client):
    html = page(client, "en", "flooded streets").content.decode()
    assert "No page holds all of “flooded streets”" in html
    results = html.split('class="search-results"')[1]
    assert results.index("abidjan-flood-early-warning") < results.index("</li>")  # its title


def test_a_word_inside_another_word_of_a_title_comes_after_the_word_itself(client):
    # "cycling" is in "recycling" (Fortaleza's title), but Addis Ababa's cycle lanes are meant.
    html = page(client, "en", "cycling").content.decode()
    results = html.split('class="search-results"')[1]
    assert results.index("addis-ababa-cycle-lanes") < results.index("fortaleza-door-to-door")


def test_the_snippet_marks_the_whole_word_found(client):
    # "flooded" finds Copenhagen's "prevent flooding": all of "flooding" is marked.
    results = page(client, "en", "flooded").content.decode().split('class="search-results"')[1]
    assert "<mark>flooding</mark>" in results
    assert "<mark>flood</mark>ing" not in results
