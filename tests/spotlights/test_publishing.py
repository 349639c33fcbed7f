"""Drafts, previews and the rule that only a spotlight complete in both languages is public."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data, working_copy

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:spotlights_spotlight_changelist"


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def public_url(spotlight, language):
    with translation.override(language):
        return spotlight.get_absolute_url()


def test_publishing_without_chinese_names_what_is_missing_and_saves_nothing(editor_client, oslo):
    data = change_form_data(
        oslo, title_en="Oslo's new title", summary_zh_hans="", body_zh_hans="", _publish="1"
    )
    response = editor_client.post(change_url(oslo), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "both languages are complete" in html
    form = response.context["adminform"].form
    assert "Needed before publishing." in form.errors["summary_zh_hans"]  # marked in its column
    assert "title_en" not in form.errors
    assert "summary (Simplified Chinese)" in html and "body (Simplified Chinese)" in html
    assert "Oslo&#x27;s new title" in html  # the editor's text is still in the form
    oslo.refresh_from_db()
    assert oslo.title_en != "Oslo's new title" and oslo.summary_zh_hans


def test_an_incomplete_draft_can_be_saved_and_stays_hidden(editor_client, client, oslo):
    data = change_form_data(oslo, status="draft", body_zh_hans="", title_en="Draft title")
    response = editor_client.post(change_url(oslo), data)
    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.title_en == "Draft title" and oslo.body_zh_hans == ""
    assert client.get(public_url(oslo, "en")).status_code == 404
    assert client.get(public_url(oslo, "zh-hans")).status_code == 404


def test_a_chinese_writer_can_start_a_spotlight_without_english(editor_client, oslo):
    data = change_form_data(oslo, status="draft", slug="", seen_version="")
    data.update({f"{field}_en": "" for field in ("title", "summary", "body", "source")})
    data["title_zh_hans"] = "奥斯陆的新做法"
    response = editor_client.post(reverse("admin:spotlights_spotlight_add"), data)
    assert response.status_code == 302
    created = Spotlight.objects.get(title_zh_hans="奥斯陆的新做法")
    assert created.slug == "oslo-spotlight" and not created.is_published
    assert created.history.first().history_user.username == "editor"


def test_a_spotlight_needs_a_title_in_some_language(editor_client, oslo):
    data = change_form_data(oslo, status="draft", title_en="", title_zh_hans="")
    response = editor_client.post(change_url(oslo), data)
    assert "Give the spotlight a title in at least one language." in response.content.decode()


def test_publishing_a_complete_draft_makes_it_public_with_a_date(editor_client, client, oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(status="draft", published_at=None)
    oslo.refresh_from_db()
    response = editor_client.post(change_url(oslo), change_form_data(oslo, status="published"))
    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.is_published and oslo.published_at is not None
    assert client.get(public_url(oslo, "zh-hans")).status_code == 200


def test_staff_without_the_publish_permission_may_only_save_drafts(
    client, django_user_model, oslo
):
    writer = django_user_model.objects.create_user("writer", is_staff=True)
    writer.user_permissions.set(
        Permission.objects.filter(codename__in=["view_spotlight", "change_spotlight"])
    )
    client.force_login(writer)
    page = client.get(change_url(oslo)).content.decode()
    assert 'name="status"' not in page and 'name="_publish"' not in page
    response = client.post(change_url(oslo), change_form_data(oslo, status="draft"))
    assert response.status_code == 302  # saved as a draft: the status is not theirs to change
    oslo.refresh_from_db()
    assert oslo.is_published

    Spotlight.objects.filter(pk=oslo.pk).update(status="draft")
    oslo.refresh_from_db()
    response = client.post(change_url(oslo), change_form_data(oslo, status="published"))
    assert "You may save drafts but not publish or unpublish." in response.content.decode()
    oslo.refresh_from_db()
    assert not oslo.is_published


def test_staff_who_may_not_publish_change_a_live_spotlight_only_in_its_draft(
    client, django_user_model, oslo
):
    writer = django_user_model.objects.create_user("writer", is_staff=True)
    writer.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_spotlight", "change_spotlight", "change_spotlightimage"]
        )
    )
    client.force_login(writer)
    page = client.get(change_url(oslo))
    assert page.status_code == 200 and 'name="_publish"' not in page.content.decode()
    response = client.post(
        change_url(oslo), change_form_data(oslo, title_en="Changed live", _publish="1")
    )
    assert response.status_code == 200  # "Publish" is refused: they may not
    assert "You may save drafts but not publish." in response.content.decode()
    response = client.post(change_url(oslo), change_form_data(oslo, title_en="Changed live"))
    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.title_en != "Changed live"  # the public text is untouched
    assert working_copy(oslo).title_en == "Changed live"


def test_bulk_publish_publishes_complete_drafts_and_names_what_the_others_lack(editor_client):
    complete, incomplete = Spotlight.objects.order_by("pk")[:2]
    Spotlight.objects.filter(pk__in=[complete.pk, incomplete.pk]).update(status="draft")
    Spotlight.objects.filter(pk=incomplete.pk).update(title_zh_hans="")
    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": "publish_selected", "_selected_action": [complete.pk, incomplete.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Published 1 spotlight." in html
    assert "title (Simplified Chinese)" in html
    assert Spotlight.objects.get(pk=complete.pk).is_published
    assert not Spotlight.objects.get(pk=incomplete.pk).is_published


def test_bulk_unpublish_takes_spotlights_off_the_site(editor_client, client, oslo):
    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": "unpublish_selected", "_selected_action": [oslo.pk]},
        follow=True,
    )
    assert "1 spotlight is now a draft." in response.content.decode()
    assert client.get(public_url(oslo, "en")).status_code == 404


def test_the_list_shows_translation_status_and_filters_missing_chinese(editor_client, oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(source_zh_hans="", status="draft")
    response = editor_client.get(reverse(CHANGELIST), {"translation": "zh-hans"})
    assert [spotlight.pk for spotlight in response.context["cl"].result_list] == [oslo.pk]
    complete = editor_client.get(reverse(CHANGELIST), {"translation": "complete"})
    assert complete.context["cl"].result_count == Spotlight.objects.count() - 1
    assert 'alt="False"' in response.content.decode()  # the "both languages" column


def test_the_list_shows_who_changed_a_spotlight_last(editor_client, oslo):
    editor_client.post(change_url(oslo), change_form_data(oslo, title_en="Edited", _publish="1"))
    response = editor_client.get(reverse(CHANGELIST), {"q": "Edited"})
    assert response.context["cl"].result_list[0].last_editor == "editor"


def test_admin_search_finds_text_in_a_chinese_body(editor_client, oslo):
    phrase = oslo.body_zh_hans[5:12]
    response = editor_client.get(reverse(CHANGELIST), {"q": phrase})
    assert oslo in response.context["cl"].result_list


@pytest.mark.parametrize(
    ("language", "title_field"), [("en", "title_en"), ("zh-hans", "title_zh_hans")]
)
def test_an_editor_previews_a_draft_in_each_language(
    editor_client, client, oslo, language, title_field
):
    Spotlight.objects.filter(pk=oslo.pk).update(status="draft")
    url = reverse("admin:spotlights_spotlight_preview", args=[oslo.pk, language])
    response = editor_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert f"<h1>{getattr(oslo, title_field)}</h1>" in html
    assert 'class="preview-banner"' in html and 'content="noindex"' in html
    assert client.get(public_url(oslo, language)).status_code == 404


@pytest.mark.parametrize("path", ["{pk}/preview/fr/", "999999/preview/en/", "abc/preview/en/"])
def test_a_preview_of_nothing_is_a_404(editor_client, oslo, path):
    url = reverse(CHANGELIST) + path.format(pk=oslo.pk)
    assert editor_client.get(url).status_code == 404


def test_the_change_page_links_to_both_previews(editor_client, oslo):
    html = editor_client.get(change_url(oslo)).content.decode()
    for language in ("en", "zh-hans"):
        assert reverse("admin:spotlights_spotlight_preview", args=[oslo.pk, language]) in html


def test_a_chinese_speaking_editor_reads_the_refusal_in_chinese(editor_client, oslo):
    data = change_form_data(oslo, title_zh_hans="", _publish="1")
    response = editor_client.post(change_url(oslo), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert "只有两种语言都填写完整后才能发布这篇城市掠影" in html
    assert "标题（简体中文）" in html
