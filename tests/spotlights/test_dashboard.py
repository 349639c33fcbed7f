"""The admin index shows each person the editorial work that concerns them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data, decision

pytestmark = pytest.mark.django_db


def panels(client, **headers):
    response = client.get(reverse("admin:index"), **headers)
    assert response.status_code == 200
    return {panel["key"]: panel for panel in response.context["dashboard_panels"]}


def labels(panel):
    return [item["label"] for item in panel["items"]]


def test_a_contributor_sees_their_drafts_and_what_was_sent_back(client, contributor, editor, oslo):
    client.force_login(contributor)
    change = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    client.post(change, change_form_data(oslo, title_en="My pending draft", _submit="1"))
    shown = panels(client)
    assert "review" not in shown  # reviewing is the editors'
    assert labels(shown["drafts"]) == [str(oslo)]

    client.force_login(editor)
    shown = panels(client)
    assert shown["review"]["count"] == 1
    assert shown["review"]["items"][0]["url"].endswith(f"/{oslo.pk}/review/")
    review = reverse("admin:spotlights_spotlight_review", args=[oslo.pk])
    client.post(review, decision(oslo, _request_changes="1", comment="Cite the source."))
    assert panels(client)["review"]["count"] == 0

    client.force_login(contributor)
    assert panels(client)["changes"]["count"] == 1


def test_scheduled_and_recently_published_are_listed(editor_client, oslo):
    later = timezone.now() + datetime.timedelta(days=2)
    Spotlight.objects.filter(pk=oslo.pk).update(unpublish_at=later)
    shown = panels(editor_client)
    assert labels(shown["scheduled"]) == [str(oslo)]
    assert "Comes down" in shown["scheduled"]["items"][0]["note"]
    assert shown["published"]["count"] == Spotlight.objects.published().count()
    assert len(shown["published"]["items"]) == 6


def test_the_dashboard_is_in_chinese_in_the_chinese_admin(editor_client):
    page = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "等待我审核" in html and "最近发布" in html


def test_people_without_spotlight_access_see_no_panels(admin_client, django_user_model, client):
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:index")).context["dashboard_panels"] == []
