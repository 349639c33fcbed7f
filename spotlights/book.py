"""Read the region rosters and city spotlights out of the C40 20-year book.

The book is a PDF extraction: spotlights sometimes sit under the wrong region
heading, photo captions look like spotlight headers, and one roster city has no
spotlight. The roster under each region heading is the truth for membership.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.typography import normalize_chinese_punctuation

SECTION_START = "城市掠影"
SECTION_END = "C40 资助方"
REGION_HEADINGS = {
    "非洲": "africa",
    "东亚中部": "central-east-asia",
    "东亚、东南亚、大洋洲": "east-southeast-asia-oceania",
    "欧洲": "europe",
    "拉丁美洲": "latin-america",
    "北美洲": "north-america",
    "南亚和西亚": "south-west-asia",
}
HEADER_INLINE = re.compile(r"^(?P<name>[^\s(（]+)\s*[(（](?P<country>[^)）]+)[)）]$")
PARENTHESISED = re.compile(r"^[(（](?P<inner>[^)）]+)[)）]$")
MIN_PARAGRAPH_LENGTH = 40


@dataclass
class BookSpotlight:
    city: str
    country: str
    body: str
    heading_region: str
    alternative_names: list[str] = field(default_factory=list)


@dataclass
class BookCityData:
    rosters: dict[str, list[str]]
    spotlights: list[BookSpotlight]

    def roster_region(self, city_name):
        for region, names in self.rosters.items():
            if city_name in names:
                return region
        return None


def _section_lines(text):
    start = text.index(f"\n{SECTION_START}\n\n{next(iter(REGION_HEADINGS))}")
    end = text.index(SECTION_END, start)
    return [line.strip() for line in text[start:end].splitlines() if line.strip()]


def _is_paragraph(line):
    return len(line) >= MIN_PARAGRAPH_LENGTH


def _header_at(lines, index):
    """Return (name, parenthesised lines, next index) if a spotlight header starts here."""
    line = lines[index]
    if match := HEADER_INLINE.match(line):
        return match["name"], [match["country"]], index + 1
    if _is_paragraph(line) or line in REGION_HEADINGS:
        return None
    notes = []
    cursor = index + 1
    while cursor < len(lines) and (match := PARENTHESISED.match(lines[cursor])):
        notes.append(match["inner"])
        cursor += 1
    if notes or (cursor < len(lines) and _is_paragraph(lines[cursor])):
        return line, notes, cursor
    return None


def parse_book(text):
    lines = _section_lines(text)[1:]
    rosters, spotlights = {}, []
    region = None
    in_roster = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line in REGION_HEADINGS:
            region = REGION_HEADINGS[line]
            rosters[region] = []
            in_roster = True
            index += 1
            continue
        header = _header_at(lines, index)
        if header is None:
            if in_roster:
                rosters[region].extend(line.split())
            # Anything else outside a header is a photo credit line.
            index += 1
            continue
        in_roster = False
        name, notes, index = header
        if index < len(lines) and _is_paragraph(lines[index]):
            country = notes[-1] if notes else name
            alternatives = [note.split()[-1] for note in notes[:-1]]
            # The extraction turned the book's full-width marks into ASCII ones: put them back.
            body = normalize_chinese_punctuation(lines[index])
            spotlights.append(BookSpotlight(name, country, body, region, alternatives))
            index += 1
        # A header with no paragraph is a photo caption: skip it.
    return BookCityData(rosters, spotlights)


def read_book(path):
    return parse_book(Path(path).read_text(encoding="utf-8"))


def _objects(fixture_objects, model):
    return [obj for obj in fixture_objects if obj["model"] == model]


def _book_name_to_city(fixture_objects):
    """Map each name the book may use for a city (Chinese, or English) to its fixture object."""
    names = {}
    for city in _objects(fixture_objects, "cities.city"):
        names[city["fields"]["name_zh_hans"]] = city
        names[city["fields"]["name_en"]] = city
    return names


def fixture_drift(book, fixture_objects):
    """Return the ways the fixtures disagree with the book (an empty list when they agree)."""
    problems = []
    cities = _book_name_to_city(fixture_objects)
    roster_slugs = set()
    for region, names in book.rosters.items():
        for name in names:
            city = cities.get(name)
            if city is None:
                problems.append(f"Roster city {name} ({region}) is missing from the fixtures.")
                continue
            roster_slugs.add(city["fields"]["slug"])
            if city["fields"]["region"] != [region]:
                problems.append(
                    f"{city['fields']['slug']} ({name}) is in region "
                    f"{city['fields']['region'][0]}, the roster says {region}."
                )
    for city in _objects(fixture_objects, "cities.city"):
        if city["fields"]["slug"] not in roster_slugs:
            problems.append(f"City {city['fields']['slug']} is in no roster of the book.")

    countries = {
        obj["fields"]["slug"]: obj["fields"]["name_zh_hans"]
        for obj in _objects(fixture_objects, "cities.country")
    }
    spotlights = {}
    for spotlight in _objects(fixture_objects, "spotlights.spotlight"):
        spotlights.setdefault(spotlight["fields"]["city"][0], []).append(spotlight)
    for entry in book.spotlights:
        city = cities.get(entry.city)
        if city is None:
            problems.append(f"Spotlight city {entry.city} is missing from the fixtures.")
            continue
        slug = city["fields"]["slug"]
        if countries.get(city["fields"]["country"][0]) != entry.country:
            problems.append(f"{slug}: the book gives the country as {entry.country}.")
        bodies = [s["fields"]["body_zh_hans"] for s in spotlights.get(slug, [])]
        if entry.body not in bodies:
            problems.append(f"{slug}: no spotlight holds the book's paragraph verbatim.")
    return problems


def apply_book(book, fixture_objects):
    """Rewrite the Chinese side of the fixtures from the book; return what changed."""
    changes = []
    cities = _book_name_to_city(fixture_objects)
    for region, names in book.rosters.items():
        for name in names:
            city = cities.get(name)
            if city and city["fields"]["region"] != [region]:
                city["fields"]["region"] = [region]
                changes.append(f"{city['fields']['slug']}: region set to {region}")
    by_city = {}
    for spotlight in _objects(fixture_objects, "spotlights.spotlight"):
        by_city.setdefault(spotlight["fields"]["city"][0], []).append(spotlight)
    for entry in book.spotlights:
        city = cities.get(entry.city)
        spotlights = by_city.get(city["fields"]["slug"], []) if city else []
        if len(spotlights) == 1 and spotlights[0]["fields"]["body_zh_hans"] != entry.body:
            spotlights[0]["fields"]["body_zh_hans"] = entry.body
            changes.append(f"{city['fields']['slug']}: Chinese body set from the book")
    return changes
