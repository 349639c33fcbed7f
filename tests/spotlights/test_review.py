"""Review: a contributor submits, an editor publishes or requests changes with a comment, and
each step emails the people concerned, in English and Chinese."""

import pytest
from django.core import mail
from django.urls import reverse

from spotlights.models import Review, Spotlight
from tests.spotlights.helpers import change_form_data, decision, working_copy

pytestmark = pytest.mark.django_db


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def review_url(spotlight):
    return reverse("admin:spotlights_spotlight_review", args=[spotlight.pk])


@pytest.fixture
def writer_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def editor_browser(editor):
    from django.test import Client

    other = Client()
    other.force_login(editor)
    return other


def submit(writer_client, spotlight, **changes):
    data = change_form_data(spotlight, **changes, _submit="1")
    response = writer_client.post(change_url(spotlight), data)
    assert response.status_code == 302
    return response


def test_submitting_emails_the_editors_with_a_link_to_the_review(writer_client, editor, oslo):
    submit(writer_client, oslo, title_en="Oslo's climate budget, revised")
    review = Review.objects.get(spotlight=oslo)
    assert review.state == "submitted" and review.submitted_by.username == "writer"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert "Awaiting your review: Oslo's climate budget, revised" in message.subject
    assert "等待您审核" in message.subject  # the same message in Chinese, after the English
    assert "writer submitted “Oslo's climate budget, revised”" in message.body
    assert review_url(oslo) in message.body
    assert "&#x27;" not in message.body  # plain text, not HTML-escaped


def test_the_editor_sees_the_changes_and_requests_more(
    writer_client, editor_browser, client, oslo
):
    submit(writer_client, oslo, title_en="Oslo budgets carbon")
    page = editor_browser.get(review_url(oslo)).content.decode()
    assert "<ins>" in page and "Oslo budgets carbon" in page
    mail.outbox.clear()

    response = editor_browser.post(
        review_url(oslo), decision(oslo, _request_changes="1", comment="Name the year it started.")
    )
    assert response.status_code == 302
    review = Review.objects.get(spotlight=oslo)
    assert review.state == "changes_requested" and review.reviewed_by.username == "editor"
    assert [message.to for message in mail.outbox] == [["writer@example.org"]]
    assert "Name the year it started." in mail.outbox[0].body
    assert "Changes requested" in mail.outbox[0].subject
    writer_page = writer_client.get(change_url(oslo)).content.decode()
    assert "Name the year it started." in writer_page
    assert Spotlight.objects.get(pk=oslo.pk).title_en != "Oslo budgets carbon"  # not public


def test_requesting_changes_needs_a_comment(writer_client, editor_browser, oslo):
    submit(writer_client, oslo, title_en="Oslo budgets carbon")
    response = editor_browser.post(
        review_url(oslo), decision(oslo, _request_changes="1", comment="")
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Review.objects.get(spotlight=oslo).state == "submitted"


def test_approving_publishes_and_tells_the_writer(writer_client, editor_browser, client, oslo):
    submit(writer_client, oslo, title_en="Oslo budgets carbon since 2017")
    mail.outbox.clear()
    response = editor_browser.post(review_url(oslo), decision(oslo, _approve="1"))
    assert response.status_code == 302
    assert "Oslo budgets carbon since 2017" in client.get(oslo.get_absolute_url()).content.decode()
    assert not Review.objects.filter(spotlight=oslo).exists()
    assert [message.to for message in mail.outbox] == [["writer@example.org"]]
    assert "Published: Oslo budgets carbon since 2017" in mail.outbox[0].subject


def test_a_new_spotlight_is_reviewed_and_published_whole(writer_client, editor_browser, oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(status="draft")
    oslo.refresh_from_db()
    submit(writer_client, oslo)
    page = editor_browser.get(review_url(oslo)).content.decode()
    assert "Not published yet" in page
    editor_browser.post(review_url(oslo), decision(oslo, _approve="1"))
    assert Spotlight.objects.get(pk=oslo.pk).is_published


def test_an_editor_publishes_from_the_form_in_one_step(editor_client, client, oslo):
    data = change_form_data(oslo, title_en="Published straight away", _publish="1")
    assert editor_client.post(change_url(oslo), data).status_code == 302
    assert "Published straight away" in client.get(oslo.get_absolute_url()).content.decode()


def test_a_mail_server_failure_leaves_the_step_done_and_says_so(
    writer_client, editor, oslo, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("spotlights.reviews.send_mail", refuse)
    response = writer_client.post(
        change_url(oslo), change_form_data(oslo, title_en="Sent anyway", _submit="1"), follow=True
    )
    assert Review.objects.get(spotlight=oslo).state == "submitted"
    assert "The email could not be sent" in response.content.decode()
    assert working_copy(oslo).title_en == "Sent anyway"


def test_the_writer_fixes_and_submits_again(writer_client, editor_browser, oslo):
    submit(writer_client, oslo, title_en="First try")
    editor_browser.post(review_url(oslo), decision(oslo, _request_changes="1", comment="Shorter."))
    submit(writer_client, working_copy(oslo), title_en="Second")
    assert Review.objects.get(spotlight=oslo).state == "submitted"


def test_the_chinese_admin_reviews_in_chinese(writer_client, editor_browser, oslo):
    submit(writer_client, oslo, title_en="Oslo budgets carbon")
    page = editor_browser.get(review_url(oslo), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "批准并发布" in html and "要求修改" in html
