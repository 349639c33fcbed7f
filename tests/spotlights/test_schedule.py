"""Scheduled publication and unpublication, to the minute: `manage.py run_schedule` runs every
minute and renews the cached pages when the schedule changes what they show."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
MINUTE = datetime.timedelta(minutes=1)


def minutes_later(minutes):
    later = timezone.now() + minutes * MINUTE
    return mock.patch("django.utils.timezone.now", return_value=later)


def run_schedule():
    call_command("run_schedule", stdout=mock.Mock())


def test_a_spotlight_comes_down_at_its_unpublish_minute(client, oslo):
    page = oslo.get_absolute_url()
    assert client.get(page).status_code == 200  # now cached
    Spotlight.objects.filter(pk=oslo.pk).update(unpublish_at=timezone.now() + 2 * MINUTE)

    with minutes_later(1):
        run_schedule()
        assert client.get(page).status_code == 200
    with minutes_later(3):
        assert Spotlight.objects.published().filter(pk=oslo.pk).count() == 0
        run_schedule()
        assert client.get(page).status_code == 404
        assert oslo.slug not in client.get(reverse("spotlights:spotlight-list")).content.decode()

    oslo.refresh_from_db()
    assert oslo.status == Spotlight.Status.DRAFT and oslo.unpublish_at is None
    assert oslo.history.first().status == Spotlight.Status.DRAFT  # recorded in its history


def test_a_scheduled_publication_shows_at_its_minute(client, oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(published_at=timezone.now() + 5 * MINUTE)
    listing = reverse("spotlights:spotlight-list")
    run_schedule()
    assert oslo.slug not in client.get(listing).content.decode()  # now cached without it

    with minutes_later(6):
        assert oslo.slug not in client.get(listing).content.decode()  # the cached page
        run_schedule()
        assert oslo.slug in client.get(listing).content.decode()
        assert client.get(oslo.get_absolute_url()).status_code == 200


def test_running_the_schedule_again_changes_nothing(client, oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(unpublish_at=timezone.now() - MINUTE)
    out = mock.Mock()
    call_command("run_schedule", stdout=out)
    versions = oslo.history.count()
    call_command("run_schedule", stdout=out)
    assert oslo.history.count() == versions


def test_an_unpublish_time_before_the_publication_is_refused(editor_client, oslo):
    change = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    before = oslo.published_at - MINUTE
    data = change_form_data(
        oslo,
        unpublish_at_0=before.strftime("%Y-%m-%d"),
        unpublish_at_1=before.strftime("%H:%M:%S"),
    )
    response = editor_client.post(change, data)
    assert response.status_code == 200
    assert "Unpublish after the publication time" in response.content.decode()
    oslo.refresh_from_db()
    assert oslo.unpublish_at is None
