"""Hostile uploads: polyglots, files whose extension lies, names chosen to attack the server.

The corpus of broken and oversized files (SVG, bombs, truncated, other formats) is in
test_images.py; here, files built to be two things at once. Whatever passes is re-encoded
from its pixels, so a payload riding along is gone; the stored name is random, its
extension that of the real content; media is served with that type and `nosniff`.
"""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from PIL import Image

from c40site.urls import urlpatterns as site_urls
from spotlights.images import clean_upload
from spotlights.models import SpotlightImage
from tests.spotlights.test_admin_images import post, with_image
from tests.spotlights.test_images import encode, photo, refusal, upload

SCRIPT = b"<script>alert(document.cookie)</script>"
HTML = b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body></html>"
PHP = b"<?php system($_GET['c']); ?>"
ZIP = b"PK\x03\x04" + b"\x00" * 26 + b"evil.php" + PHP  # a zip member header: a GIFAR-style tail


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The real URLs plus media served by Django, as `DJANGO_SERVE_MEDIA` does in production.
urlpatterns = [*site_urls, re_path(r"^media/(?P<path>.*)$", serve_media)]


def jpeg_with_comment(comment):
    """A valid JPEG whose COM segment (right after SOI) carries `comment`."""
    data = encode(photo(), "JPEG")
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return data[:2] + segment + data[2:]


POLYGLOTS = {
    "jpeg, script in its comment": jpeg_with_comment(HTML),
    "jpeg + html after its end": encode(photo(), "JPEG") + HTML,
    "jpeg + php after its end": encode(photo(), "JPEG") + PHP,
    "png + zip after its end": encode(photo(), "PNG") + ZIP,
    "webp + html after its end": encode(photo(), "WEBP") + HTML,
}


@pytest.mark.parametrize("data", POLYGLOTS.values(), ids=POLYGLOTS.keys())
@pytest.mark.parametrize("name", ["photo.jpg", "photo.html", "shell.php", "photo.jpg.php"])
def test_a_polyglot_is_stored_as_pixels_only_under_a_random_name(data, name):
    cleaned = clean_upload(upload(data, name))
    stored = cleaned.read()

    for payload in (b"<script", b"<html", b"<?php", b"PK\x03\x04"):
        assert payload not in stored
    assert re.fullmatch(r"[0-9a-f]{32}\.(jpg|png|webp)", cleaned.name)
    assert Image.open(BytesIO(stored)).size == (800, 600)


LIARS = {
    "html named .jpg": (HTML, "photo.jpg"),
    "php named .png": (PHP, "photo.png"),
    "pdf named .jpg": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "scan.jpg"),
    "zip named .webp": (ZIP, "photo.webp"),
    "svg with script named .jpg": (b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT, "a.jpg"),
    "html starting with a jpeg signature": (b"\xff\xd8\xff\xe0" + HTML, "photo.jpg"),
    "gif named .png": (encode(photo(), "GIF"), "photo.png"),
}


@pytest.mark.parametrize(("data", "name"), LIARS.values(), ids=LIARS.keys())
def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name(data, name):
    code, message = refusal(data, name)
    assert code in {"svg", "format", "not_an_image", "corrupt"}
    assert message


@pytest.mark.parametrize(
    ("image_format", "name", "extension"),
    [("PNG", "photo.jpg", "png"), ("JPEG", "photo.png", "jpg"), ("WEBP", "photo.jpeg", "webp")],
)
def test_the_stored_extension_is_that_of_the_content_not_the_name(image_format, name, extension):
    assert clean_upload(upload(encode(photo(), image_format), name)).name.endswith(f".{extension}")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_uploaded_polyglot_is_served_as_an_image_with_nosniff(
    editor_client, client, oslo, media
):
    polyglot = jpeg_with_comment(HTML) + HTML
    photo_1200 = encode(Image.new("RGB", (1200, 800), (30, 120, 60)), "JPEG") + HTML
    for data in (polyglot, photo_1200):
        response = post(editor_client, oslo, with_image(oslo, data, name="../../x.html"))
        assert response.status_code == 302, response.content[:500]
        SpotlightImage.objects.filter(spotlight=oslo).delete()
        oslo.refresh_from_db()  # the form carries the version it edits
    response = post(editor_client, oslo, with_image(oslo, photo_1200, name="index.html"))
    assert response.status_code == 302
    image = SpotlightImage.objects.get(spotlight=oslo)
    assert re.fullmatch(r"spotlights/\d{4}/[0-9a-f]{32}\.jpg", image.image.name)

    for name in [image.image.name, *(variant["name"] for variant in image.variants)]:
        served = client.get(f"/media/{name}")
        assert served.status_code == 200
        assert served["Content-Type"] in {"image/jpeg", "image/webp"}
        assert served["X-Content-Type-Options"] == "nosniff"
        assert b"<script" not in b"".join(served.streaming_content)
