"""A spotlight page that keeps people reading: the key figure, the book's own Chinese beside the
English, the city on a map and related work, and no summary repeating the body."""

import re

import pytest

from spotlights.models import Spotlight
from tests.rows import each

pytestmark = pytest.mark.django_db

BEIJING = "/{language}/spotlights/beijing-cleaner-air-by-phasing-out-coal/"


def page(client, language="en"):
    return client.get(BEIJING.format(language=language)).content.decode()


def main_of(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_the_summary_is_not_repeated_above_the_body(client):
    spotlight = Spotlight.objects.get(city__slug="beijing")
    html = main_of(page(client))
    assert spotlight.summary_en not in html
    assert 'class="article-body"' in html


@pytest.mark.parametrize(
    ("language", "value", "label"),
    [("en", "65.9%", "less PM2.5 pollution"), ("zh-hans", "65.9%", "PM2.5污染减少")],
)
def test_the_key_figure_is_set_large(client, language, value, label):
    html = page(client, language)
    figure = re.search(r'<p class="key-figure">(.*?)</p>', html, re.S).group(1)
    assert value in figure
    assert label in figure


def test_english_page_offers_the_books_chinese_paragraph(client):
    spotlight = Spotlight.objects.get(city__slug="beijing")
    html = page(client)
    start = html.index('<details class="original">')
    original = html[start : html.index("</details>", start)]
    assert "Read the original Chinese" in original
    assert '<div lang="zh-hans">' in original
    assert spotlight.body_zh_hans[:20] in original


def test_chinese_page_does_not_offer_its_own_text_again(client):
    assert '<details class="original">' not in page(client, "zh-hans")


def test_related_spotlights_come_from_other_cities_sharing_an_area(client):
    spotlight = Spotlight.objects.get(city__slug="beijing")
    areas = set(spotlight.initiative_areas.values_list("pk", flat=True))
    html = page(client)
    related = html[html.index('id="related-title"') :]
    slugs = re.findall(r'<h3><a href="/en/spotlights/([^"/]+)/">', related)
    assert 1 <= len(slugs) <= 3
    for slug in slugs:
        other = Spotlight.objects.get(slug=slug)
        assert other.city.slug != "beijing"
        assert areas & set(other.initiative_areas.values_list("pk", flat=True))


def test_the_city_is_shown_on_a_small_map(client):
    html = page(client)
    assert 'class="location-map"' in html
    assert "Location of Beijing" in html


def test_a_spotlight_without_a_key_figure_shows_its_area_icon_instead(client):
    spotlight = Spotlight.objects.get(slug="ahmedabad-a-heat-action-plan")
    assert not spotlight.key_figure
    html = client.get("/en/").content.decode()
    card = html[html.index(f'href="{spotlight.get_absolute_url()}"') - 1500 :]
    assert 'class="figure-panel no-figure"' in card[:1500]
    detail = client.get(spotlight.get_absolute_url()).content.decode()
    assert '<p class="key-figure">' not in detail


def test_a_key_figure_needs_both_languages():
    spotlight = Spotlight.objects.get(city__slug="beijing")
    spotlight.key_figure_zh_hans = ""
    with pytest.raises(Exception) as raised:
        spotlight.full_clean()
    assert "key_figure_zh_hans" in raised.value.message_dict


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_spotlight_key_figure_is_stated_in_its_own_text(language):
    suffix = language.replace("-", "_")
    digits = re.compile(r"\d+(?:\.\d+)?")
    for spotlight in each(Spotlight.objects.exclude(key_figure_en="")):
        body = getattr(spotlight, f"body_{suffix}").replace(",", "")
        value = getattr(spotlight, f"key_figure_{suffix}").replace(",", "")
        if value.endswith("×"):
            continue  # "3×": the text says "tripled" / "三倍"
        for number in digits.findall(value):
            assert number in body, (spotlight.slug, number)


def test_an_uploaded_photo_appears_on_cards_and_the_page_with_its_credit(client, media):
    from spotlights.models import SpotlightImage

    spotlight = Spotlight.objects.get(city__slug="beijing")
    SpotlightImage.objects.bulk_create(  # a record only: the page links the stored names
        [
            SpotlightImage(
                spotlight=spotlight,
                image="spotlights/2026/beijing.jpg",
                width=1200,
                height=800,
                alt_en="Blue sky over Beijing",
                alt_zh_hans="北京的蓝天",
                credit_en="Photo: City of Beijing",
                credit_zh_hans="图片：北京市",
                variants=[{"width": 480, "height": 320, "name": "spotlights/2026/b-480w.webp"}],
            )
        ]
    )
    home = client.get("/zh-hans/").content.decode()
    card = home[home.index('<figure class="card-visual region-central-east-asia">') :]
    card = card[: card.index("</figure>")]
    assert 'alt="北京的蓝天"' in card
    assert 'loading="lazy"' in card
    assert "b-480w.webp 480w" in card
    assert "图片：北京市" in card
    detail = page(client)
    assert 'alt="Blue sky over Beijing"' in detail
    assert "Photo: City of Beijing" in detail
