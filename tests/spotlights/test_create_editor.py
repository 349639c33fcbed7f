import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_editor_makes_a_staff_account_in_the_editors_group(monkeypatch):
    monkeypatch.setenv("C40_EDITOR_PASSWORD", "Climate-Editor-2026!")
    call_command("create_editor", "mei", email="mei@example.org", interactive=False)
    mei = get_user_model().objects.get(username="mei")
    assert mei.is_staff and not mei.is_superuser
    assert mei.check_password("Climate-Editor-2026!")
    assert mei.has_perm("spotlights.publish_spotlight")
    assert mei.has_perm("cities.view_city") and not mei.has_perm("cities.change_city")
    assert not mei.has_perm("auth.view_user")


def test_create_editor_refuses_a_weak_password_and_creates_nobody(monkeypatch):
    monkeypatch.setenv("C40_EDITOR_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_editor", "mei", interactive=False)
    assert not get_user_model().objects.filter(username="mei").exists()


def test_create_editor_without_a_password_says_how_to_give_one(monkeypatch):
    monkeypatch.delenv("C40_EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="C40_EDITOR_PASSWORD"):
        call_command("create_editor", "mei", interactive=False)


def test_create_editor_turns_an_existing_user_into_an_editor(django_user_model):
    user = django_user_model.objects.create_user("li", password="Existing-Pass-2026!")
    call_command("create_editor", "li", interactive=False)
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Editors").exists()
    assert user.check_password("Existing-Pass-2026!")
