"""Two editors at once lose nothing; every save is in the history and can be restored."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.spotlights.helpers import change_form_data, decision, working_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(django_user_model):
    colleague = django_user_model.objects.create_user("colleague", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Editors"))
    other = Client()
    other.force_login(colleague)
    return other


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def opened_form(client, spotlight):
    """The form as the editor's browser got it, version included."""
    form = client.get(change_url(spotlight)).context["adminform"].form
    # Published at once: the history is of what the public saw (drafts: test_drafts.py).
    return change_form_data(spotlight, seen_version=form["seen_version"].value(), _publish="1")


def test_the_second_of_two_simultaneous_saves_is_refused_and_nothing_is_lost(
    editor_client, colleague_client, oslo
):
    mine = opened_form(editor_client, oslo)
    theirs = opened_form(colleague_client, oslo)
    theirs["title_en"] = "Colleague's title"
    assert colleague_client.post(change_url(oslo), theirs).status_code == 302

    mine["body_zh_hans"] = "我的新正文。"
    response = editor_client.post(change_url(oslo), mine)
    html = response.content.decode()

    assert response.status_code == 200
    assert "someone else saved this spotlight after you opened it" in html
    assert "Last saved by colleague" in html and "title (English)" in html
    assert "我的新正文。" in html  # my text is still in the form
    oslo.refresh_from_db()
    assert oslo.title_en == "Colleague's title"  # theirs is saved
    assert oslo.body_zh_hans != "我的新正文。"


def test_saving_again_after_the_warning_keeps_my_version(editor_client, colleague_client, oslo):
    mine = opened_form(editor_client, oslo)
    theirs = opened_form(colleague_client, oslo)
    colleague_client.post(change_url(oslo), {**theirs, "title_en": "Colleague's title"})
    refused = editor_client.post(change_url(oslo), {**mine, "title_en": "My title"})
    retry = refused.context["adminform"].form["seen_version"].value()

    response = editor_client.post(
        change_url(oslo), {**mine, "title_en": "My title", "seen_version": retry}
    )

    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.title_en == "My title"
    assert oslo.history.filter(title_en="Colleague's title").exists()


def test_every_save_is_in_the_history_with_who_and_what(editor_client, oslo):
    form = opened_form(editor_client, oslo)
    editor_client.post(change_url(oslo), {**form, "title_zh_hans": "奥斯陆气候预算"})
    response = editor_client.get(reverse("admin:spotlights_spotlight_history", args=[oslo.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "editor" in html and "奥斯陆气候预算" in html
    record = oslo.history.first()
    assert record.history_user.username == "editor"
    assert record.history_type == "~"


def test_an_editor_restores_an_earlier_version(editor_client, oslo):
    original_title = oslo.title_en
    form = opened_form(editor_client, oslo)
    editor_client.post(change_url(oslo), {**form, "title_en": "First rewrite"})
    oslo.refresh_from_db()
    form = opened_form(editor_client, oslo)
    editor_client.post(change_url(oslo), {**form, "title_en": "Second rewrite"})
    oslo.refresh_from_db()

    first = oslo.history.get(title_en="First rewrite")
    restore_url = reverse("admin:spotlights_spotlight_simple_history", args=[oslo.pk, first.pk])
    page = editor_client.get(restore_url)
    assert page.status_code == 200 and "First rewrite" in page.content.decode()
    data = change_form_data(first.instance, seen_version=first.version, _publish="1")
    response = editor_client.post(restore_url, data)

    assert response.status_code == 302
    oslo.refresh_from_db()
    assert oslo.title_en == "Second rewrite"  # restored into the draft, not yet public
    assert working_copy(oslo).title_en == "First rewrite" != original_title
    assert oslo.version > first.version + 1  # a new save, not a rewind of the counter
    publish = reverse("admin:spotlights_spotlight_review", args=[oslo.pk])
    assert editor_client.post(publish, decision(oslo, _approve="1")).status_code == 302
    oslo.refresh_from_db()
    assert oslo.title_en == "First rewrite"
    assert oslo.history.first().history_user.username == "editor"


@pytest.mark.parametrize(
    "path",
    ["{pk}/history/abc/", "abc/history/", "abc/history/1/", "{pk}/history/99999/", "١/history/"],
)
def test_a_mistyped_history_address_is_not_found(editor_client, oslo, path):
    url = reverse("admin:spotlights_spotlight_changelist") + path.format(pk=oslo.pk)
    assert editor_client.get(url).status_code == 404
