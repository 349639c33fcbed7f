"""Downloads of the directory selection: CSV for spreadsheets, GeoJSON for maps and GIS.

Both take the directory's query string (`?region=africa&q=…`), forgiving as the page is,
and carry both languages, the licence and the attribution.
"""

import csv
import io
import json

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import override
from django.views import View

from cities.filters import CityFilterSet
from cities.models import City
from cities.opendata import attribution_text, licence_link_header, terms

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
CSV_COLUMNS = [
    "slug",
    "name_en",
    "name_zh_hans",
    "country_iso_code",
    "country_en",
    "country_zh_hans",
    "region",
    "region_en",
    "region_zh_hans",
    "latitude",
    "longitude",
    "steering_committee",
    "networks",
    "accelerators",
    "page_en",
    "page_zh_hans",
]


SLUG_PLACEHOLDER = "city-slug"


def page_path_patterns():
    """{language: "/en/cities/city-slug/"}: one reverse() per language, not one per city."""
    patterns = {}
    for code in LANGUAGE_CODES:
        with override(code):
            patterns[code] = reverse("cities:city-detail", kwargs={"slug": SLUG_PLACEHOLDER})
    return patterns


def city_record(city, absolute, patterns, memberships):
    pages = {code: path.replace(SLUG_PLACEHOLDER, city.slug) for code, path in patterns.items()}
    return {
        "slug": city.slug,
        "name_en": city.name_en,
        "name_zh_hans": city.name_zh_hans,
        "country_iso_code": city.country.iso_code,
        "country_en": city.country.name_en,
        "country_zh_hans": city.country.name_zh_hans,
        "region": city.region.slug,
        "region_en": city.region.name_en,
        "region_zh_hans": city.region.name_zh_hans,
        "latitude": float(city.latitude),
        "longitude": float(city.longitude),
        "steering_committee": city.is_steering_committee,
        "networks": memberships["networks"].get(city.pk, []),
        "accelerators": memberships["accelerators"].get(city.pk, []),
        "page_en": absolute(pages["en"]),
        "page_zh_hans": absolute(pages["zh-hans"]),
    }


class CityExportView(View):
    filename = ""
    content_type = ""

    def get(self, request):
        cities = CityFilterSet(request.GET, queryset=City.objects.with_directory_data()).qs
        memberships = {name: cities.related_slugs(name) for name in ("networks", "accelerators")}
        patterns = page_path_patterns()
        absolute = request.build_absolute_uri
        records = [city_record(city, absolute, patterns, memberships) for city in cities]
        response = HttpResponse(self.render(records), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Link"] = licence_link_header()
        return response


class CityCsvView(CityExportView):
    filename = "c40-cities.csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, records):
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow(
                record
                | {
                    "networks": " ".join(record["networks"]),
                    "accelerators": " ".join(record["accelerators"]),
                    "steering_committee": "yes" if record["steering_committee"] else "no",
                }
            )
        # After a blank line, so a spreadsheet shows it under the table and
        # pandas.read_csv(…, comment="#") skips it; in every language, as the columns are.
        text.write("\r\n")
        for code in LANGUAGE_CODES:
            with override(code):
                text.write(f"# {attribution_text()}\r\n")
        # The byte order mark makes spreadsheet programs read the file as UTF-8 (Chinese).
        return "\ufeff" + text.getvalue()


class CityGeoJsonView(CityExportView):
    filename = "c40-cities.geojson"
    content_type = "application/geo+json"

    def render(self, records):
        features = [
            {
                "type": "Feature",
                "id": record["slug"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [record["longitude"], record["latitude"]],
                },
                "properties": {
                    key: value
                    for key, value in record.items()
                    if key not in ("latitude", "longitude")
                },
            }
            for record in records
        ]
        collection = {"type": "FeatureCollection", **terms(), "features": features}
        return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
