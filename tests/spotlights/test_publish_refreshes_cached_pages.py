"""An editor's publish, edit or unpublish shows on the next public request, cache or not."""

import pytest
from django.urls import reverse
from django.utils import translation

from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def public_url(spotlight, language="en"):
    with translation.override(language):
        return spotlight.get_absolute_url()


def change(editor_client, spotlight, **changes):
    url = reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])
    response = editor_client.post(url, change_form_data(spotlight, **changes, _publish="1"))
    assert response.status_code == 302, response.content.decode()[:2000]


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_publishing_a_draft_shows_it_on_the_cached_list_and_page(client, editor_client, oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(status="draft")
    oslo.refresh_from_db()
    warm(client, "/en/spotlights/?region=europe", "/en/cities/oslo/")
    assert client.get(public_url(oslo)).status_code == 404

    change(editor_client, oslo, status="published")

    assert client.get(public_url(oslo)).status_code == 200
    assert oslo.title_en.encode() in client.get("/en/spotlights/?region=europe").content
    assert oslo.title_en.encode() in client.get("/en/cities/oslo/").content


def test_an_edited_chinese_title_replaces_the_cached_chinese_page(client, editor_client, oslo):
    chinese_page = public_url(oslo, "zh-hans")
    warm(client, chinese_page, "/zh-hans/cities/oslo/")

    change(editor_client, oslo, title_zh_hans="奥斯陆的新标题")

    assert "奥斯陆的新标题".encode() in client.get(chinese_page).content
    assert "奥斯陆的新标题".encode() in client.get("/zh-hans/cities/oslo/").content


def test_a_bulk_unpublish_removes_the_cached_page(client, editor_client, oslo):
    warm(client, public_url(oslo))
    response = editor_client.post(
        reverse("admin:spotlights_spotlight_changelist"),
        {"action": "unpublish_selected", "_selected_action": [oslo.pk]},
    )
    assert response.status_code == 302
    assert client.get(public_url(oslo)).status_code == 404
