"""Share images made once and kept in the default storage (the media folder or the S3 bucket).

A card's file name carries a digest of everything drawn on it and of the renderer's version:
`share/<kind>/<slug>/<language>-<digest>.png`. A request computes the digest from the content
as it is now and serves the file of that name; when there is none, it draws the card, stores it
and deletes the older cards of the same page and language. An edit changes the content, hence
the digest and the name: the next request draws a new card.

The response is a streaming one (FileResponse), which the page cache (core/pagecache.py)
passes by: the stored file is the cache, and the headers stay as set here (a day's max-age, the
digest as ETag) instead of a page's max-age=0 and content-hash ETag.
"""

import hashlib
import io
import json
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language, gettext

from core.sharecards import ACCENT, REGION_COLOURS, RENDERER_VERSION, render_share_card

MAX_AGE = 24 * 60 * 60
STORAGE_FOLDER = "share"


def region_colour(region_slug):
    return REGION_COLOURS.get(region_slug, ACCENT)


def share_image_response(request, *, kind, slug, **content):
    """The share image of one page (`kind` "city" or "spotlight", and its slug) in the active
    language; `content` is render_share_card's text and colour."""
    language = get_language()
    card = {**content, "site_name": gettext("C40 Cities"), "language": language}
    digest = card_digest(card)
    etag = f'"{digest}"'
    response = get_conditional_response(request, etag=etag)  # a 304, or None
    if response is None:
        response = FileResponse(
            _stored_card(f"{STORAGE_FOLDER}/{kind}/{slug}", language, digest, card),
            content_type="image/png",
            filename=f"{slug}-{language}.png",
        )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def card_digest(card):
    """A digest of everything the card shows and of the renderer that draws it."""
    inputs = json.dumps({**card, "renderer": RENDERER_VERSION}, sort_keys=True)
    return hashlib.blake2b(inputs.encode(), digest_size=8).hexdigest()


def _stored_card(folder, language, digest, card):
    """The stored card (a few dozen kB, read whole); drawn and stored first if not there yet."""
    name = f"{folder}/{language}-{digest}.png"
    try:
        with default_storage.open(name, "rb") as stored:
            return io.BytesIO(stored.read())
    except FileNotFoundError:
        pass
    png = render_share_card(**card)
    saved = default_storage.save(name, ContentFile(png))
    if saved != name:  # another request stored it meanwhile (a local folder never overwrites)
        default_storage.delete(saved)
    _delete_older_cards(folder, language, keep=name)
    return io.BytesIO(png)


def _delete_older_cards(folder, language, *, keep):
    # Also any copy a local folder stored under another name when two requests raced.
    card = re.compile(rf"{re.escape(language)}-[0-9a-f]+(_\w+)?\.png")
    _folders, files = default_storage.listdir(folder)
    for filename in files:
        if f"{folder}/{filename}" != keep and card.fullmatch(filename):
            default_storage.delete(f"{folder}/{filename}")
