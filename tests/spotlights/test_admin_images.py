"""Photos uploaded in the spotlight admin: checked, cleaned, resized once, shown with srcset."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from spotlights.models import SpotlightImage
from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db


def jpeg_with_gps(size=(1200, 800)):
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (59.0, 54.0, 48.0)
    buffer = BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def with_image(spotlight, data, name="harbour.jpg", publish=True, **fields):
    image = {
        "images-TOTAL_FORMS": 1,
        "images-0-image": SimpleUploadedFile(name, data),
        "images-0-alt_en": "Ferries at Oslo harbour",
        "images-0-alt_zh_hans": "奥斯陆港口的渡轮",
        "images-0-credit_en": "Photo: City of Oslo",
        "images-0-credit_zh_hans": "图片：奥斯陆市",
        "images-0-position": 0,
    }
    image.update(fields)
    return change_form_data(spotlight, **image, **({"_publish": "1"} if publish else {}))


def post(client, spotlight, data):
    return client.post(reverse("admin:spotlights_spotlight_change", args=[spotlight.pk]), data)


def test_an_uploaded_photo_loses_its_location_and_gets_webp_sizes(editor_client, oslo, media):
    response = post(editor_client, oslo, with_image(oslo, jpeg_with_gps()))
    assert response.status_code == 302
    image = SpotlightImage.objects.get(spotlight=oslo)
    assert (image.width, image.height) == (1200, 800)
    with Image.open(image.image.path) as stored:
        assert not stored.getexif()
    assert [variant["width"] for variant in image.variants] == [480, 960]
    for variant in image.variants:
        with Image.open(media / variant["name"]) as webp:
            assert webp.format == "WEBP"


def test_the_public_page_shows_the_photo_with_srcset_alt_and_credit(
    editor_client, client, oslo, media
):
    post(editor_client, oslo, with_image(oslo, jpeg_with_gps()))
    with translation.override("zh-hans"):
        html = client.get(oslo.get_absolute_url()).content.decode()
    assert 'alt="奥斯陆港口的渡轮"' in html and "图片：奥斯陆市" in html
    assert "-480w.webp 480w" in html and "-960w.webp 960w" in html


def test_variants_are_made_once_not_on_every_save(editor_client, oslo, media):
    post(editor_client, oslo, with_image(oslo, jpeg_with_gps()))
    image = SpotlightImage.objects.get(spotlight=oslo)
    first = list(image.variants)
    image.credit_en = "Photo: Oslo kommune"
    image.save()
    assert image.variants == first
    assert len(list((media / "spotlights").rglob("*.webp"))) == 2


BAD_FILES = {
    "not an image": (b"This is a Word document, honestly.", "notes.jpg", "not an image"),
    "truncated": (jpeg_with_gps()[:2000], "cut.jpg", "damaged"),
    "svg with script": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "logo.svg",
        "SVG",
    ),
    "too small": (jpeg_with_gps((300, 200)), "tiny.jpg", "480"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=str)
def test_a_bad_file_is_refused_with_a_clear_message_and_the_text_is_kept(
    editor_client, oslo, media, case
):
    data, name, words = BAD_FILES[case]
    form = with_image(oslo, data, name=name, title_en="Oslo, with my unsaved edit")
    response = post(editor_client, oslo, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert words in html
    assert "Oslo, with my unsaved edit" in html
    assert not SpotlightImage.objects.exists()
    oslo.refresh_from_db()
    assert oslo.title_en != "Oslo, with my unsaved edit"


def test_a_decompression_bomb_is_refused_before_it_is_decoded(editor_client, oslo, media):
    buffer = BytesIO()
    Image.new("1", (10000, 10000)).save(buffer, "PNG")
    response = post(editor_client, oslo, with_image(oslo, buffer.getvalue(), name="bomb.png"))
    assert response.status_code == 200
    assert "40 megapixels" in response.content.decode()


def test_a_photo_needs_its_description_in_both_languages(editor_client, oslo, media):
    response = post(
        editor_client, oslo, with_image(oslo, jpeg_with_gps(), **{"images-0-alt_zh_hans": ""})
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["alt_zh_hans"]
    assert not SpotlightImage.objects.exists()
