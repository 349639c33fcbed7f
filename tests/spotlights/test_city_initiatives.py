"""The directory's "works in this initiative area" (filter and counts) stays true through every
kind of change to memberships and spotlights, though it is read from a kept table
(spotlights.CityInitiative), not derived at each request."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cities.models import City
from networks.models import InitiativeArea, Network
from spotlights.models import CityInitiative, Spotlight
from tests.rows import each

pytestmark = pytest.mark.django_db


def cities_working_in(area):
    """The rule, worked out from the source rows in Python."""
    members = set(
        Network.member_cities.through.objects.filter(network__area=area).values_list(
            "city", flat=True
        )
    )
    now = timezone.now()
    published = Spotlight.objects.filter(
        status=Spotlight.Status.PUBLISHED, published_at__lte=now, initiative_areas=area
    )
    return members | set(published.values_list("city", flat=True))


def assert_directory_agrees():
    counts = City.objects.all().counts_by_initiative()
    for area in each(InitiativeArea.objects.all()):
        expected = cities_working_in(area)
        found = set(City.objects.in_initiatives([area]).values_list("pk", flat=True))
        assert found == expected, area.slug
        assert counts.get(area.pk, 0) == len(expected), area.slug
        for city in City.objects.filter(pk__in=expected)[:3]:
            assert area in InitiativeArea.objects.for_city(city)


@pytest.fixture
def energy():
    return InitiativeArea.objects.get(slug="energy")


def a_city_outside(area):
    return City.objects.exclude(pk__in=cities_working_in(area)).order_by("slug").first()


def test_the_loaded_dataset_agrees():
    assert CityInitiative.objects.exists()
    assert_directory_agrees()


def test_memberships_added_removed_and_cleared_from_either_side(energy):
    network = energy.networks.first()
    city = a_city_outside(energy)
    network.member_cities.add(city)
    assert city.pk in set(City.objects.in_initiatives([energy]).values_list("pk", flat=True))
    assert_directory_agrees()
    network.member_cities.remove(city)
    assert_directory_agrees()
    city.networks.add(network)
    assert_directory_agrees()
    city.networks.clear()
    assert_directory_agrees()
    network.member_cities.clear()
    assert_directory_agrees()


def test_a_network_moved_to_another_area_or_deleted(energy):
    network = energy.networks.first()
    network.area = InitiativeArea.objects.exclude(pk=energy.pk).first()
    network.save()
    assert_directory_agrees()
    Network.objects.filter(pk=network.pk).delete()
    assert_directory_agrees()


def test_spotlights_unpublished_retagged_moved_and_deleted(energy):
    spotlight = Spotlight.objects.published().filter(initiative_areas=energy).first()
    spotlight.status = Spotlight.Status.DRAFT
    spotlight.save()
    assert_directory_agrees()
    spotlight.status = Spotlight.Status.PUBLISHED
    spotlight.save()
    spotlight.initiative_areas.set(InitiativeArea.objects.exclude(pk=energy.pk)[:1])
    assert_directory_agrees()
    spotlight.initiative_areas.add(energy)
    assert_directory_agrees()
    spotlight.initiative_areas.clear()
    assert_directory_agrees()
    spotlight.city = a_city_outside(energy)
    spotlight.save()
    assert_directory_agrees()
    spotlight.delete()
    assert_directory_agrees()


def test_a_spotlight_published_ahead_counts_from_its_time_on(energy):
    city = a_city_outside(energy)
    spotlight = Spotlight.objects.published().filter(initiative_areas=energy).first()
    spotlight.city = city
    spotlight.published_at = timezone.now() + timedelta(hours=1)
    spotlight.save()
    assert city not in City.objects.in_initiatives([energy])
    assert_directory_agrees()
    CityInitiative.objects.filter(city=city).update(since=timezone.now() - timedelta(seconds=1))
    assert city in City.objects.in_initiatives([energy])  # the hour has passed


def test_a_bulk_load_rebuilds_the_table():
    CityInitiative.objects.all().delete()
    call_command("load_dataset", force=True, verbosity=0)
    assert_directory_agrees()
