import pytest
from django.contrib.auth.models import Group

from spotlights.models import Spotlight


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="unused", is_staff=True, email="editor@example.org"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user(
        "writer", password="unused", is_staff=True, email="writer@example.org"
    )
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def oslo():
    return Spotlight.objects.get(city__slug="oslo")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
