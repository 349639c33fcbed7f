"""Share images (Open Graph / Twitter cards): one PNG per city and per published spotlight in
each language, drawn once, stored, and drawn again only when what it shows changes."""

import io
import re

import boto3
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from moto import mock_aws
from PIL import Image, ImageChops

from c40site.env import s3_storage
from cities.models import City, Region
from core import shareimages
from core.sharecard_fonts import font
from core.sharecards import (
    CONTENT_BOTTOM,
    MARGIN,
    REGION_COLOURS,
    TEXT_WIDTH,
    render_share_card,
    wrap_text,
)
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db

SHENZHEN = "shenzhen-a-city-of-ultra-fast-charging"
CITY_URL = "/{language}/cities/beijing/share.png"
SPOTLIGHT_URL = f"/{{language}}/spotlights/{SHENZHEN}/share.png"
# Title area of a card without a key figure: left of the coloured panel, below C40's name.
TITLE_AREA = (MARGIN, 150, MARGIN + TEXT_WIDTH, 450)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def shenzhen():
    """A published spotlight with a key figure in both languages (as its body states it)."""
    spotlight = Spotlight.objects.get(slug=SHENZHEN)
    spotlight.key_figure_en = spotlight.key_figure_zh_hans = "75.5%"
    spotlight.key_figure_label_en = "new-energy vehicle penetration rate"
    spotlight.key_figure_label_zh_hans = "新能源汽车渗透率"
    spotlight.save()
    return spotlight


@pytest.fixture
def renders(monkeypatch):
    """Every card drawn, in order."""
    drawn = []

    def counting(**card):
        drawn.append(card)
        return render_share_card(**card)

    monkeypatch.setattr(shareimages, "render_share_card", counting)
    return drawn


def png(response):
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    content = response.getvalue()  # reads the stream to its end, which closes the file
    image = Image.open(io.BytesIO(content))
    image.load()
    return content, image


def stored(media):
    return sorted(str(path.relative_to(media)) for path in media.rglob("*.png"))


def card(title, language="zh-hans", **content):
    options = {"colour": REGION_COLOURS["europe"], "site_name": "C40城市", **content}
    png = render_share_card(title=title, language=language, **options)
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("url", [CITY_URL, SPOTLIGHT_URL])
def test_city_and_spotlight_images_are_1200_by_630_pngs_in_both_languages(
    client, shenzhen, url, language
):
    response = client.get(url.format(language=language))
    content, image = png(response)
    assert image.format == "PNG" and image.size == (1200, 630)
    assert len(content) < 150_000
    assert re.fullmatch(r'(W/)?"[0-9a-f]{16}"', response["ETag"])
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {
        "public",
        "max-age=86400",
    }


def test_each_language_has_its_own_image_in_its_language(client, shenzhen, renders):
    english, _image = png(client.get(SPOTLIGHT_URL.format(language="en")))
    chinese, _image = png(client.get(SPOTLIGHT_URL.format(language="zh-hans")))
    assert english != chinese
    assert [(card["language"], card["title"], card["site_name"]) for card in renders] == [
        ("en", "A city of ultra-fast charging", "C40 Cities"),
        ("zh-hans", "率先建设“超充之城”", "C40城市"),
    ]
    assert renders[1]["figure_label"] == "新能源汽车渗透率"
    assert renders[1]["subtitle"] == "深圳 · 中国"


def test_the_card_carries_its_region_colour(client):
    _content, image = png(client.get(CITY_URL.format(language="en")))
    red, green, blue = (int(REGION_COLOURS["central-east-asia"][i : i + 2], 16) for i in (1, 3, 5))
    assert image.convert("RGB").getpixel((1190, 10)) == (red, green, blue)


def test_chinese_is_drawn_with_the_simplified_chinese_font():
    # The collection also holds the Japanese, Korean and Traditional Chinese shapes.
    for bold in (False, True):
        assert font(bold, 40).getname()[0] == "Noto Sans CJK SC"


def test_chinese_titles_are_drawn_as_their_characters_not_as_missing_glyph_boxes():
    beijing, shanghai = card("北京市气候行动"), card("上海市绿色航运")
    boxes = card("□□□□□□□")
    assert ImageChops.difference(beijing, shanghai).crop(TITLE_AREA).getbbox()
    assert ImageChops.difference(beijing, boxes).crop(TITLE_AREA).getbbox()
    # A font without these characters draws one identical box for each of them.
    assert ImageChops.difference(card("二氧化碳"), card("氧二碳化")).crop(TITLE_AREA).getbbox()


def test_english_wraps_between_words_and_chinese_between_characters():
    title = "Energy efficiency for 1.12 million building units in the city"
    lines, complete = wrap_text(title, size=72, bold=True, max_lines=4, language="en")
    assert complete and len(lines) > 1 and " ".join(lines) == title
    chinese = "关注儿童需求的气候行动计划，让每座城市的孩子在清洁空气中长大与GoKL电动公交"
    lines, complete = wrap_text(chinese, size=72, bold=True, max_lines=6, language="zh-hans")
    assert complete and len(lines) > 2 and "".join(lines) == chinese
    assert not any(line.startswith("，") for line in lines)  # closing marks never start a line
    assert any("GoKL" in line for line in lines)  # a Latin word stays whole


def test_a_title_too_long_for_its_lines_ends_with_an_ellipsis():
    title = "A climate action plan that puts children first " * 4
    lines, complete = wrap_text(title, size=72, bold=True, max_lines=2, language="en")
    assert not complete and len(lines) == 2 and lines[-1].endswith("…")
    assert title.startswith(" ".join(lines)[:-1])  # cut at a word's end, nothing made up


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_long_texts_never_overflow_the_text_column(language):
    word = (
        "Pneumonoultramicroscopicsilicovolcanoconiosis "
        if language == "en"
        else "城市气候领导联盟"
    )
    text = word * 12
    for figure in ("", "US$400,000,000,000 t CO₂"):
        image = card(text, language, subtitle=text, figure=figure, figure_label=text)
        image = image.convert("L")
        right_of_column = image.crop((MARGIN + TEXT_WIDTH + 2, 150, 790, 630))
        below_content = image.crop((0, CONTENT_BOTTOM + 2, 790, 630))
        assert right_of_column.getextrema()[0] > 240 and below_content.getextrema()[0] > 240


def test_a_second_request_serves_the_stored_image_without_drawing_it_again(
    client, shenzhen, renders, media
):
    url = SPOTLIGHT_URL.format(language="zh-hans")
    first, _image = png(response := client.get(url))
    second, _image = png(client.get(url))
    assert second == first and len(renders) == 1
    digest = response["ETag"].strip('W/"')
    assert stored(media) == [f"share/spotlight/{SHENZHEN}/zh-hans-{digest}.png"]


def test_a_browser_holding_the_image_gets_304_without_a_new_drawing(client, renders):
    url = CITY_URL.format(language="en")
    response = client.get(url)
    response.getvalue()
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert len(renders) == 1


def test_editing_the_key_figure_makes_a_new_image_and_deletes_the_old_one(
    client, shenzhen, renders, media
):
    english, chinese = (SPOTLIGHT_URL.format(language=code) for code in ("en", "zh-hans"))
    before, _image = png(client.get(english))
    png(client.get(chinese))
    old_files = stored(media)
    shenzhen.key_figure_en = "75.50%"
    shenzhen.save()
    after, _image = png(client.get(english))
    assert after != before and renders[-1]["figure"] == "75.50%" and len(renders) == 3
    new_files = stored(media)
    assert len(new_files) == 2  # one image per language, the old English one gone
    assert [name for name in new_files if "/zh-hans-" in name] == [
        name for name in old_files if "/zh-hans-" in name
    ]
    assert set(new_files) != set(old_files)


def test_renaming_a_city_gives_its_image_a_new_etag(client):
    url = CITY_URL.format(language="en")
    first = client.get(url)
    first.getvalue()
    beijing = City.objects.get(slug="beijing")
    beijing.name_en = "Beijing (edited)"
    beijing.save()
    second = client.get(url)
    second.getvalue()
    assert second["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    "url",
    [
        "/en/cities/atlantis/share.png",
        "/zh-hans/spotlights/atlantis-underwater-parks/share.png",
    ],
)
def test_unknown_pages_have_no_image(client, url):
    assert client.get(url).status_code == 404


def test_a_draft_spotlight_has_no_image(client):
    Spotlight.objects.filter(slug=SHENZHEN).update(status=Spotlight.Status.DRAFT)
    for language in ("en", "zh-hans"):
        assert client.get(SPOTLIGHT_URL.format(language=language)).status_code == 404


@pytest.mark.usefixtures("page_cache")
def test_the_page_cache_leaves_images_and_their_headers_alone(client, renders):
    url = CITY_URL.format(language="zh-hans")
    first, _image = png(response := client.get(url))
    second, _image = png(again := client.get(url))
    assert second == first and len(renders) == 1
    assert "X-Page-Cache" not in again
    assert again["ETag"] == response["ETag"] and "max-age=86400" in again["Cache-Control"]


def test_the_share_image_tag_gives_the_absolute_address_in_the_page_language():
    template = Template("{% load sharecards %}{% share_image_url url_name slug %}")
    request = RequestFactory().get("/zh-hans/spotlights/")
    with translation.override("zh-hans"):
        address = template.render(
            Context(
                {
                    "request": request,
                    "url_name": "spotlights:spotlight-share-image",
                    "slug": SHENZHEN,
                }
            )
        )
    assert address == f"https://cities.example.org/zh-hans/spotlights/{SHENZHEN}/share.png"


def test_every_region_has_the_colour_the_site_gives_it():
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    site_colours = dict(
        re.findall(r"\.region-([\w-]+) \{ --region-colour: (#[0-9a-f]{6}); \}", css)
    )
    assert site_colours == REGION_COLOURS
    assert set(Region.objects.values_list("slug", flat=True)) <= set(REGION_COLOURS)


BUCKET = "c40-share-test"


@pytest.fixture
def bucket(settings, monkeypatch, media):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage(BUCKET)}
        yield s3


def test_images_are_kept_in_the_bucket_and_replaced_there_on_edit(
    client, shenzhen, renders, bucket, media
):
    url = SPOTLIGHT_URL.format(language="en")
    first, _image = png(client.get(url))
    again, _image = png(client.get(url))
    assert again == first and len(renders) == 1
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 1 and keys[0].startswith(f"share/spotlight/{SHENZHEN}/en-")
    assert bucket.head_object(Bucket=BUCKET, Key=keys[0])["ContentType"] == "image/png"
    shenzhen.key_figure_label_en = "new-energy vehicle penetration rate (edited)"
    shenzhen.save()
    png(client.get(url))
    new_keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(new_keys) == 1 and new_keys != keys
    assert stored(media) == [] and default_storage.exists(new_keys[0])
