import pytest
from django.core.management import call_command

from cities.models import City
from networks.models import Chair
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db


def test_load_dataset_leaves_an_edited_database_alone(capsys):
    City.objects.filter(slug="oslo").update(name_en="Oslo (edited)")
    call_command("load_dataset")
    assert "nothing loaded" in capsys.readouterr().out
    assert City.objects.get(slug="oslo").name_en == "Oslo (edited)"


def test_load_dataset_force_restores_the_fixture_rows():
    City.objects.filter(slug="oslo").update(name_en="Oslo (edited)")
    call_command("load_dataset", force=True, verbosity=0)
    assert City.objects.get(slug="oslo").name_en == "Oslo"
    assert City.objects.count() == 98


def test_load_dataset_fills_an_empty_database():
    Spotlight.objects.all().delete()
    Chair.objects.all().delete()
    City.objects.all().delete()
    call_command("load_dataset", verbosity=0)
    assert City.objects.count() == 98
    assert Spotlight.objects.count() == 97


def test_load_dataset_force_keeps_spotlights_edited_by_staff(capsys):
    edited = Spotlight.objects.get(slug="abidjan-flood-early-warning-and-protection-plans")
    edited.title_en = "Abidjan's flood plans, updated by staff"
    edited.save()
    untouched = Spotlight.objects.exclude(pk=edited.pk).first()
    Spotlight.objects.filter(pk=untouched.pk).update(title_en="Changed around the ORM")

    call_command("load_dataset", force=True)

    assert "Kept 1 spotlight(s)" in capsys.readouterr().out
    edited.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.title_en == "Abidjan's flood plans, updated by staff"
    assert untouched.title_en != "Changed around the ORM"


def test_load_dataset_overwrite_edited_restores_the_fixture_text():
    edited = Spotlight.objects.get(slug="abidjan-flood-early-warning-and-protection-plans")
    edited.title_en = "Edited"
    edited.save()
    call_command("load_dataset", force=True, overwrite_edited=True, verbosity=0)
    edited.refresh_from_db()
    assert edited.title_en == "Flood early warning and protection plans"
    assert edited.version == 1
