import pytest

from networks.models import Accelerator, Network
from tests.rows import each

pytestmark = pytest.mark.django_db


def test_every_lead_city_is_also_a_member_of_its_network():
    for network in each(Network.objects.prefetch_related("lead_cities", "member_cities")):
        assert set(network.lead_cities.all()) <= set(network.member_cities.all()), network.slug


def test_only_four_networks_have_an_area_assigned_by_subject_rather_than_by_a_source():
    unsourced = set(Network.objects.filter(is_area_sourced=False).values_list("slug", flat=True))
    assert unsourced == {
        "climate-positive-development",
        "bus-rapid-transit",
        "low-emission-vehicles",
        "transit-oriented-development",
    }


def test_launch_dates_keep_only_the_precision_the_sources_give():
    green_streets = Accelerator.objects.get(slug="green-and-healthy-streets")
    assert green_streets.launch_precision == "month"
    assert green_streets.launched_on.year == 2017
    assert Accelerator.objects.get(slug="urban-nature").launched_on is None


def test_every_accelerator_cites_a_source():
    for accelerator in each(Accelerator.objects.all()):
        assert accelerator.sources, accelerator.slug
