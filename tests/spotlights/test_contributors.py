"""Contributors write spotlights but never put anything in front of the public: no publishing,
and what they change in a published spotlight waits in its draft."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from cities.models import City
from spotlights.models import Spotlight
from tests.spotlights.helpers import change_form_data, working_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor_client(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    return client


@pytest.fixture
def draft(oslo):
    Spotlight.objects.filter(pk=oslo.pk).update(status="draft")
    oslo.refresh_from_db()
    return oslo


def change_url(spotlight):
    return reverse("admin:spotlights_spotlight_change", args=[spotlight.pk])


def test_a_contributor_writes_and_saves_a_draft(contributor_client, draft):
    response = contributor_client.post(change_url(draft), change_form_data(draft, title_en="New"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "New" and draft.status == "draft"


def test_a_contributor_cannot_publish(contributor_client, draft):
    data = change_form_data(draft, status="published")
    response = contributor_client.post(change_url(draft), data)
    assert "You may save drafts but not publish or unpublish." in response.content.decode()
    listing = contributor_client.get(reverse("admin:spotlights_spotlight_changelist"))
    assert "publish_selected" not in listing.content.decode()
    assert Spotlight.objects.get(pk=draft.pk).status == "draft"


def test_a_contributors_change_to_a_published_spotlight_waits_in_its_draft(
    contributor_client, client, oslo
):
    page = contributor_client.get(change_url(oslo)).content.decode()
    assert 'name="_save"' in page and 'name="_submit"' in page and 'name="_publish"' not in page
    response = contributor_client.post(change_url(oslo), change_form_data(oslo, title_en="Live"))
    assert response.status_code == 302
    assert Spotlight.objects.get(pk=oslo.pk).title_en != "Live"
    assert working_copy(oslo).title_en == "Live"
    assert "Live" not in client.get(oslo.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("admin:spotlights_spotlight_delete", args=[Spotlight.objects.first().pk]),
        lambda: reverse("admin:cities_city_add"),
        lambda: reverse("admin:auth_user_changelist"),
        lambda: reverse("admin:auth_group_changelist"),
    ],
    ids=["delete a spotlight", "add a city", "users", "groups"],
)
def test_what_a_contributor_may_not_open(contributor_client, url):
    assert contributor_client.get(url()).status_code == 403


def test_a_contributor_reads_the_directory(contributor_client):
    city = City.objects.first()
    page = contributor_client.get(reverse("admin:cities_city_change", args=[city.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_create_editor_makes_a_contributor(monkeypatch, django_user_model):
    monkeypatch.setenv("C40_EDITOR_PASSWORD", "a long enough password 42")
    call_command("create_editor", "wen", "--contributor", "--noinput", stdout=None)
    user = django_user_model.objects.get(username="wen")
    assert [group.name for group in user.groups.all()] == ["Contributors"]
    assert not user.has_perm("spotlights.publish_spotlight")
    assert user.has_perm("spotlights.change_spotlight")
