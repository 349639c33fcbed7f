"""The Atom feed of newly published spotlights, one per language."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, language):
    response = client.get(f"/{language}/spotlights/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_the_newest_publication_comes_first_in_both_languages(client):
    oslo = Spotlight.objects.get(city__slug="oslo")
    oslo.published_at = timezone.now() - timedelta(minutes=1)
    oslo.save()
    english, chinese = feed(client, "en"), feed(client, "zh-hans")
    assert entry_titles(english)[0] == oslo.title_en
    assert entry_titles(chinese)[0] == oslo.title_zh_hans
    assert len(entry_titles(english)) == 20
    link = chinese.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link == f"https://cities.example.org/zh-hans/spotlights/{oslo.slug}/"


def test_the_chinese_feed_is_all_chinese(client):
    root = feed(client, "zh-hans")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"
    # One term for "spotlight" across UI, feed and admin: 城市掠影, as the book says.
    assert root.findtext(f"{ATOM}title") == "C40最新城市掠影"
    assert "许可" in root.findtext(f"{ATOM}rights")


def test_drafts_and_scheduled_spotlights_stay_out(client):
    draft = Spotlight.objects.get(city__slug="oslo")
    draft.status = Spotlight.Status.DRAFT
    draft.save()
    later = Spotlight.objects.get(city__slug="london")
    later.published_at = timezone.now() + timedelta(days=1)
    later.save()
    titles = entry_titles(feed(client, "en"))
    assert draft.title_en not in titles and later.title_en not in titles


def test_the_feed_states_source_and_licence(client, settings):
    rights = feed(client, "en").findtext(f"{ATOM}rights")
    assert "C40 Cities Climate Leadership Group" in rights
    assert settings.OPEN_DATA_LICENCE["url"] in rights


def test_every_page_announces_the_feed_of_its_language(client):
    html = client.get("/zh-hans/cities/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/zh-hans/spotlights/feed/"' in html


def test_a_summary_is_declared_plain_text_so_readers_do_not_run_markup(client):
    oslo = Spotlight.objects.get(city__slug="oslo")
    oslo.summary_en = "<img src=x onerror=alert(1)>"
    oslo.published_at = timezone.now() - timedelta(minutes=1)
    oslo.save()
    summary = feed(client, "en").find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "<img src=x onerror=alert(1)>"


def test_feed_addresses_come_from_the_public_origin_not_the_request(client):
    response = client.get("/en/spotlights/feed/", HTTP_HOST="localhost:6666")
    root = ET.fromstring(response.content)
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    ids = [node.text for node in root.iter(f"{ATOM}id")]
    assert hrefs and all(h.startswith("https://cities.example.org/") for h in hrefs + ids)
    assert b"localhost" not in response.content
