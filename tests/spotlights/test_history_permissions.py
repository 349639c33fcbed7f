"""An object's history (and each old version, a form that saves it back) is for those who may
change the object: a view-only account gets 403 and no link to it (core/admin_history.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from cities.models import City
from tests.spotlights.helpers import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(django_user_model):
    """Staff who may only view spotlights (a reviewer, say)."""
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_spotlight"))
    client = Client()
    client.force_login(viewer)
    return client


@pytest.fixture
def old_version(oslo):
    """Oslo with a past version whose title differs from today's."""
    title = oslo.title_en
    oslo.title_en = "An old title"
    oslo.save()
    old = oslo.history.first()
    oslo.title_en = title
    oslo.save()
    return old


def history_url(spotlight):
    return reverse("admin:spotlights_spotlight_history", args=[spotlight.pk])


def version_url(version):
    return reverse("admin:spotlights_spotlight_simple_history", args=[version.id, version.pk])


def test_a_view_only_account_cannot_open_a_spotlights_history(viewer_client, oslo, old_version):
    change = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    assert viewer_client.get(change).status_code == 200  # viewing the spotlight itself is fine

    assert viewer_client.get(history_url(oslo)).status_code == 403
    assert viewer_client.get(version_url(old_version)).status_code == 403


def test_a_view_only_account_cannot_restore_an_old_version(viewer_client, oslo, old_version):
    data = change_form_data(old_version.instance, seen_version=old_version.version)

    response = viewer_client.post(version_url(old_version), data)

    assert response.status_code == 403
    oslo.refresh_from_db()
    assert oslo.title_en != "An old title"


def test_an_editor_opens_the_history_and_an_old_version(editor_client, oslo, old_version):
    assert editor_client.get(history_url(oslo)).status_code == 200
    page = editor_client.get(version_url(old_version))
    assert page.status_code == 200
    assert "An old title" in page.content.decode()


def test_the_change_page_links_the_history_only_for_those_who_may_change(
    viewer_client, editor_client, oslo
):
    change = reverse("admin:spotlights_spotlight_change", args=[oslo.pk])
    link = f'href="{history_url(oslo)}"'

    assert link in editor_client.get(change).content.decode()
    assert link not in viewer_client.get(change).content.decode()


def test_editors_cannot_open_the_history_of_a_city_they_may_only_view(editor_client):
    city = City.objects.get(slug="oslo")
    change = reverse("admin:cities_city_change", args=[city.pk])
    history = reverse("admin:cities_city_history", args=[city.pk])

    assert editor_client.get(history).status_code == 403
    page = editor_client.get(change)
    assert page.status_code == 200
    assert f'href="{history}"' not in page.content.decode()


def test_superusers_open_a_citys_history(admin_client):
    city = City.objects.get(slug="oslo")
    assert (
        admin_client.get(reverse("admin:cities_city_history", args=[city.pk])).status_code == 200
    )
