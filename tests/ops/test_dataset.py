import json
import re

import pytest
from django.core import serializers
from django.core.management import call_command

from cities.dataset import dataset_fixture_paths
from cities.models import City, Region
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight
from tests.rows import each, translated_fields_of_the_dataset

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def test_dataset_holds_every_region_city_spotlight_and_accelerator():
    assert Region.objects.count() == 7
    assert City.objects.count() == 98
    assert Spotlight.objects.published().count() == 97
    assert Accelerator.objects.count() == 14
    assert InitiativeArea.objects.count() == 7
    assert Network.objects.count() == 15
    assert City.objects.filter(is_steering_committee=True).count() == 15


def test_loading_the_dataset_again_changes_nothing():
    def snapshot():
        return sorted(
            serializers.serialize("json", model.objects.all())
            for model in (Region, City, InitiativeArea, Network, Accelerator, Spotlight)
        )

    before = snapshot()
    call_command("loaddata", *dataset_fixture_paths(), verbosity=0)
    assert snapshot() == before


def test_misplaced_book_paragraphs_keep_their_roster_region():
    regions = dict(City.objects.values_list("slug", "region__slug"))
    assert regions["tel-aviv-yafo"] == "europe"
    assert regions["warsaw"] == "europe"
    assert regions["santiago"] == "latin-america"
    assert regions["sao-paulo"] == "latin-america"


def test_delhi_is_a_member_without_a_spotlight():
    delhi = City.objects.get(slug="delhi")
    assert delhi.region.slug == "south-west-asia"
    assert not delhi.spotlights.exists()


def test_durban_is_known_by_its_zulu_name():
    durban = City.objects.get(slug="durban")
    assert {"eThekwini", "eThekweni"} <= set(durban.alternative_name_list)


@pytest.mark.parametrize(("model", "field"), list(translated_fields_of_the_dataset()))
def test_every_translated_field_is_filled_in_both_languages_or_neither(model, field):
    for row in each(model.objects.values("pk", f"{field}_en", f"{field}_zh_hans")):
        english, chinese = row[f"{field}_en"], row[f"{field}_zh_hans"]
        assert bool(english) == bool(chinese), f"{model.__name__} {row['pk']} {field}"
        if not model._meta.get_field(field).blank:
            assert english and chinese, f"{model.__name__} {row['pk']} {field} is empty"


@pytest.mark.parametrize(("model", "field"), list(translated_fields_of_the_dataset()))
def test_english_side_holds_no_chinese(model, field):
    for pk, english in each(model.objects.values_list("pk", f"{field}_en")):
        assert not CJK.search(english or ""), f"{model.__name__} {pk} {field}: {english}"


def test_english_spotlights_keep_every_year_of_the_chinese():
    for spotlight in each(Spotlight.objects.all()):
        years = set(re.findall(r"(?<!\d)(?:19|20)\d\d(?![\d万亿])", spotlight.body_zh_hans))
        missing = {year for year in years if year not in spotlight.body_en}
        assert not missing, f"{spotlight.slug}: {missing}"


def test_every_spotlight_is_classified_under_an_initiative_area():
    assert not Spotlight.objects.filter(initiative_areas=None).exists()


def test_accelerator_signatories_are_directory_cities():
    clean_air = Accelerator.objects.get(slug="clean-air")
    assert clean_air.signatory_cities.count() == 35
    assert clean_air.signatory_cities.filter(slug="durban").exists()
    clean_construction = Accelerator.objects.get(slug="clean-construction")
    assert clean_construction.outside_signatory_count == 1  # Budapest


def test_fixture_files_are_valid_json_with_natural_keys():
    for path in dataset_fixture_paths():
        for obj in json.loads(path.read_text("utf-8")):
            assert "pk" not in obj, f"{path.name}: {obj['model']} has a database id"


# Rough boxes around each region: a swapped sign or latitude/longitude shows up here.
REGION_BOXES = {
    "africa": ((-36, 38), (-20, 52)),
    "central-east-asia": ((20, 45), (100, 125)),
    "east-southeast-asia-oceania": ((-45, 40), (95, 180)),
    "europe": ((31, 61), (-10, 35)),  # Tel Aviv-Yafo is in the Europe region
    "latin-america": ((-35, 33), (-106, -34)),
    "north-america": ((25, 50), (-125, -65)),
    "south-west-asia": ((10, 35), (35, 92)),
}


def test_city_coordinates_lie_in_their_region():
    for city in each(City.objects.select_related("region")):
        (south, north), (west, east) = REGION_BOXES[city.region.slug]
        assert south <= city.latitude <= north, city.slug
        assert west <= city.longitude <= east, city.slug
