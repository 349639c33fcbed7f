"""Chinese alternative names reach databases made before them (migration 0008) as new ones
(the fixture), once."""

import importlib

import pytest
from django.apps import apps

from cities.models import City

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("cities.migrations.0008_chinese_alternative_names")


def test_the_fixture_holds_every_name_the_migration_adds():
    for slug, name in MIGRATION.NAMES.items():
        assert name in City.objects.get(slug=slug).alternative_names.split("; "), slug


def test_an_older_database_gains_the_name_once_and_finds_the_city_by_it(client):
    City.objects.filter(slug="seoul").update(alternative_names="서울")
    MIGRATION.add_names(apps, None)
    MIGRATION.add_names(apps, None)
    seoul = City.objects.get(slug="seoul")
    assert seoul.alternative_names == "서울; 汉城"
    response = client.get("/en/cities/", {"q": "汉城"})
    assert [city.slug for city in response.context["page_obj"]] == ["seoul"]
