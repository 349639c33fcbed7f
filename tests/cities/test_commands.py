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
