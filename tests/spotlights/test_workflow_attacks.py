"""Holes a red-team pass found in the editorial workflow, each fixed: these fail on the code
that had them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spotlights.drafts import written_values
from spotlights.freshness import out_of_date
from spotlights.models import Review, Spotlight
from spotlights.services import spotlights_publish, spotlights_run_schedule, spotlights_unpublish
from tests.spotlights.helpers import change_form_data, decision, working_copy

pytestmark = pytest.mark.django_db


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def review_url(spotlight):
    return reverse("admin:spotlights_spotlight_review", args=[spotlight.pk])


def history_url(spotlight, version):
    return reverse(
        "admin:spotlights_spotlight_simple_history", args=[spotlight.pk, version.history_id]
    )


@pytest.fixture
def writer(contributor):
    client = Client()
    client.force_login(contributor)
    return client


def save(client, spotlight, **changes):
    response = client.post(change_url(spotlight), change_form_data(spotlight, **changes))
    assert response.status_code == 302, response.context and response.context["errors"]


def stale_of(spotlight):
    copy = working_copy(spotlight)
    return out_of_date(written_values(copy), copy.translation_sync)


def test_restoring_an_old_draft_version_does_not_unpublish(writer, editor, client, oslo):
    spotlights_unpublish(spotlights=Spotlight.objects.filter(pk=oslo.pk), user=editor)
    spotlights_publish(spotlights=Spotlight.objects.filter(pk=oslo.pk), user=editor)
    old_draft = oslo.history.filter(status="draft").order_by("-history_date").first()
    data = change_form_data(old_draft.instance)
    data.pop("status")  # read-only for a contributor on a published spotlight
    assert writer.post(history_url(oslo, old_draft), data).status_code == 302
    assert Spotlight.objects.get(pk=oslo.pk).status == "published"
    assert client.get(oslo.get_absolute_url()).status_code == 200


def test_restoring_an_old_published_version_does_not_publish(writer, editor, oslo):
    spotlight = Spotlight.objects.get(pk=oslo.pk)
    spotlight._history_user = editor
    spotlight.save()
    spotlights_unpublish(spotlights=Spotlight.objects.filter(pk=oslo.pk), user=editor)
    published = oslo.history.filter(status="published").order_by("-history_date").first()
    writer.post(history_url(oslo, published), change_form_data(published.instance))
    assert Spotlight.objects.get(pk=oslo.pk).status == "draft"


def test_two_drafts_cannot_claim_the_same_address(editor_client, oslo):
    other = Spotlight.objects.published().exclude(pk=oslo.pk).first()
    save(editor_client, oslo, slug="same-new-slug")
    response = editor_client.post(change_url(other), change_form_data(other, slug="same-new-slug"))
    assert response.status_code == 200
    assert "unpublished changes use this address" in response.content.decode()


def test_a_taken_address_refuses_the_publication_instead_of_failing(editor_client, oslo):
    other = Spotlight.objects.published().exclude(pk=oslo.pk).first()
    save(editor_client, oslo, slug=other.slug + "-x")
    Spotlight.objects.filter(pk=other.pk).update(slug=other.slug + "-x")  # taken meanwhile
    response = editor_client.post(review_url(oslo), decision(oslo, _approve="1"))
    assert response.status_code == 200 and "is another spotlight" in response.content.decode()
    past = timezone.now() - datetime.timedelta(minutes=1)
    Spotlight.objects.filter(pk=oslo.pk).update(unpublish_at=past)
    unpublished, _appeared = spotlights_run_schedule(now=timezone.now(), last_run=past)
    assert [spotlight.pk for spotlight in unpublished] == [oslo.pk]  # the schedule still runs


def test_approving_refuses_text_saved_after_the_page_was_read(editor_client, writer, oslo):
    save(writer, oslo, title_en="Reviewed text", _submit="1")
    read = decision(oslo, _approve="1")
    save(writer, working_copy(oslo), title_en="Never reviewed")
    response = editor_client.post(review_url(oslo), read, follow=True)
    assert "saved again after you opened this page" in response.content.decode()
    assert Spotlight.objects.get(pk=oslo.pk).title_en != "Never reviewed"


def test_discarding_refuses_text_saved_after_the_page_was_read(editor_client, writer, oslo):
    save(writer, oslo, title_en="First")
    read = decision(oslo)
    save(writer, working_copy(oslo), title_en="Hours of work")
    discard = reverse("admin:spotlights_spotlight_discard", args=[oslo.pk])
    editor_client.post(discard, read)
    assert working_copy(oslo).title_en == "Hours of work"


def test_confirming_a_translation_of_a_published_spotlight_is_kept(editor_client, oslo):
    save(editor_client, oslo, title_en=oslo.title_en + " (updated)", _publish="1")
    assert stale_of(oslo) == [("title", "zh-hans")]
    save(editor_client, working_copy(oslo), confirm_translations=["title:zh-hans"])
    assert stale_of(oslo) == []


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ({"body_en": "Roads & rails", "body_zh_hans": "道路与铁路"}, None),
        ({"title_zh_hans": "奥斯陆,气候预算", "title_en": "Oslo, climate budget"}, None),
        (
            {"body_en": "One.\n\nTwo.", "body_zh_hans": "一。\n\n二。"},
            {"body_en": "One.\r\n\r\nTwo.", "body_zh_hans": "一。\r\n\r\n二。"},
        ),
    ],
    ids=["ampersand", "ascii punctuation in chinese", "browser line breaks"],
)
def test_an_unpublished_spotlight_is_compared_as_stored(editor_client, oslo, first, again):
    Spotlight.objects.filter(pk=oslo.pk).update(status="draft")
    oslo.refresh_from_db()
    save(editor_client, oslo, **first)
    if again:
        oslo.refresh_from_db()
        save(editor_client, oslo, **again)
    assert stale_of(oslo) == []


def test_a_bulk_publication_closes_the_review_and_tells_the_writer(editor_client, writer, oslo):
    save(writer, oslo, title_en="Submitted", _submit="1")
    mail.outbox.clear()
    editor_client.post(
        reverse("admin:spotlights_spotlight_changelist"),
        {"action": "publish_selected", "_selected_action": [oslo.pk]},
    )
    assert Spotlight.objects.get(pk=oslo.pk).title_en == "Submitted"
    assert not Review.objects.filter(spotlight=oslo).exists()
    assert [message.to for message in mail.outbox] == [["writer@example.org"]]


def test_the_approval_reaches_the_drafts_last_author(
    editor_client, writer, django_user_model, oslo
):
    second = django_user_model.objects.create_user(
        "w2", password="x", is_staff=True, email="w2@example.org"
    )
    second.groups.add(Group.objects.get(name="Contributors"))
    other = Client()
    other.force_login(second)
    save(writer, oslo, title_en="By the first", _submit="1")
    save(other, working_copy(oslo), title_en="By the second")
    mail.outbox.clear()
    editor_client.post(review_url(oslo), decision(oslo, _approve="1"))
    assert sorted(mail.outbox[0].to) == ["w2@example.org", "writer@example.org"]


def test_a_line_break_in_a_title_does_not_stop_the_email(editor, writer, oslo):
    save(writer, oslo, title_en="Oslo\nBcc: someone@example.org", _submit="1")
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and mail.outbox[0].bcc == []
