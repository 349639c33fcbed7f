"""Downloads of the directory selection: CSV for spreadsheets, GeoJSON for maps and GIS, and
the datapackage.json that describes them.

Both downloads take the directory's query string (`?region=africa&q=…`), forgiving as the page
is, and carry both languages. The CSV holds its table and nothing else; its licence and sources
are in the `Link` header (rel="license", rel="describedby" to datapackage.json).
"""

import csv
import io
import json
from functools import partial

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from django.views import View
from drf_spectacular.utils import OpenApiResponse, extend_schema
from modeltranslation.utils import build_localized_fieldname
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.api import ERROR_RESPONSES, LANG_PARAMETER, requested_language
from cities.filters import CityFilterSet
from cities.geonames import population_source
from cities.models import City
from cities.opendata import export_link_header, licence_link_header, terms
from core.languages import language_codes
from core.public_url import public_url


def in_each_language(name, description, **schema):
    """A column per site language ("name_en", "name_zh_hans"); `description` names the
    language as {language}."""
    return [
        {
            "name": build_localized_fieldname(name, code),
            "type": "string",
            **schema,
            "description": format_lazy(description, language=language),
        }
        for code, language in settings.LANGUAGES
    ]


# The CSV's columns in order, with their Table Schema types (https://specs.frictionlessdata.io/)
# for datapackage.json.
CSV_FIELDS = [
    {
        "name": "slug",
        "type": "string",
        "description": _("The city's identifier, as in the address of its page."),
    },
    *in_each_language("name", _("The city's name in {language}.")),
    {
        "name": "country_iso_code",
        "type": "string",
        "description": _("The country's ISO 3166-1 alpha-2 code."),
    },
    *in_each_language("country", _("The country's name in {language}.")),
    {"name": "region", "type": "string", "description": _("The C40 region's identifier.")},
    *in_each_language("region", _("The C40 region's name in {language}.")),
    {"name": "latitude", "type": "number", "description": _("Latitude in decimal degrees.")},
    {"name": "longitude", "type": "number", "description": _("Longitude in decimal degrees.")},
    {
        "name": "population",
        "type": "integer",
        "description": _(
            "The population GeoNames gives for its record geonames_id; empty where no GeoNames "
            "record is the city."
        ),
    },
    {
        "name": "geonames_id",
        "type": "integer",
        "description": _("The ID of the city's record at GeoNames; empty where none is the city."),
    },
    {
        "name": "steering_committee",
        "type": "boolean",
        "trueValues": ["yes"],
        "falseValues": ["no"],
        "description": _("yes if the city sits on C40's Steering Committee, otherwise no."),
    },
    {
        "name": "networks",
        "type": "string",
        "description": _(
            "The identifiers of the C40 networks the city belongs to, separated by spaces."
        ),
    },
    {
        "name": "accelerators",
        "type": "string",
        "description": _(
            "The identifiers of the accelerators the city has signed, separated by spaces."
        ),
    },
    *in_each_language("page", _("The city's page in {language}."), format="uri"),
]
CSV_COLUMNS = [field["name"] for field in CSV_FIELDS]


SLUG_PLACEHOLDER = "city-slug"


def page_url_patterns():
    """{language: "https://…/en/cities/city-slug/"}: one reverse() per language, not one per
    city."""
    patterns = {}
    for code in language_codes():
        with override(code):
            path = reverse("cities:city-detail", kwargs={"slug": SLUG_PLACEHOLDER})
        patterns[code] = public_url(path)
    return patterns


def city_record(row, patterns, memberships):
    """One city's record, from a row of CityQuerySet.export_rows(), in the CSV's column order."""
    values = {
        "slug": row["slug"],
        "country_iso_code": row["country__iso_code"],
        "region": row["region__slug"],
        "latitude": float(row["latitude"]),
        "longitude": float(row["longitude"]),
        "population": row["population"],
        "geonames_id": row["geonames_id"],
        "steering_committee": row["is_steering_committee"],
        "networks": memberships["networks"].get(row["pk"], []),
        "accelerators": memberships["accelerators"].get(row["pk"], []),
    }
    for code, url in patterns.items():
        column = partial(build_localized_fieldname, lang=code)
        values[column("name")] = row[column("name")]
        values[column("country")] = row[column("country__name")]
        values[column("region")] = row[column("region__name")]
        values[column("page")] = url.replace(SLUG_PLACEHOLDER, row["slug"])
    return {name: values[name] for name in CSV_COLUMNS}


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised_cell(value):
    """A text cell a spreadsheet would run as a formula, made inert (OWASP's advice: a leading
    apostrophe); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class CityExportView(View):
    filename = ""
    content_type = ""
    query_parameters = frozenset(CityFilterSet.base_filters)

    def get(self, request):
        # Like the API, name what is not understood rather than ignore it (and a made-up
        # `page=<random>` is refused at once, not a fresh copy of every city each time).
        unknown = sorted(set(request.GET) - self.query_parameters)
        if unknown:
            return JsonResponse(
                {name: [gettext("Unknown parameter.")] for name in unknown}, status=400
            )
        cities = CityFilterSet(request.GET, queryset=City.objects.all()).qs
        memberships = {name: cities.related_slugs(name) for name in ("networks", "accelerators")}
        patterns = page_url_patterns()
        records = [city_record(row, patterns, memberships) for row in cities.export_rows()]
        response = HttpResponse(self.render(records), content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Link"] = export_link_header()
        return response


class CityCsvView(CityExportView):
    filename = "c40-cities.csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, records):
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            row = record | {
                "networks": " ".join(record["networks"]),
                "accelerators": " ".join(record["accelerators"]),
                "steering_committee": "yes" if record["steering_committee"] else "no",
            }
            writer.writerow({name: neutralised_cell(value) for name, value in row.items()})
        # The byte order mark makes spreadsheet programs read the file as UTF-8 (Chinese).
        return "\ufeff" + text.getvalue()


class CityGeoJsonView(CityExportView):
    filename = "c40-cities.geojson"
    content_type = "application/geo+json"

    def render(self, records):
        features = []
        for properties in records:
            coordinates = [properties.pop("longitude"), properties.pop("latitude")]
            features.append(
                {
                    "type": "Feature",
                    "id": properties["slug"],
                    "geometry": {"type": "Point", "coordinates": coordinates},
                    "properties": properties,
                }
            )
        collection = {
            "type": "FeatureCollection",
            **terms(),
            "population_source": population_source(),
            "features": features,
        }
        return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def data_package(absolute):
    """The Frictionless Data Package (https://specs.frictionlessdata.io/data-package/) of the
    downloads, in the active language; `absolute` makes a path a full URL."""
    licence = settings.OPEN_DATA_LICENCE
    geonames = population_source()
    return {
        "profile": "data-package",
        "name": "c40-cities",
        "title": gettext("C40 cities"),
        "description": gettext(
            "The C40 member cities with their names in English and Simplified Chinese, country, "
            "C40 region, location, population, networks and accelerators."
        ),
        "homepage": absolute(reverse("cities:city-list")),
        "licenses": [{"path": licence["url"], "title": licence["name"]}],
        "contributors": [{"title": settings.OPEN_DATA_PUBLISHER, "role": "publisher"}],
        "sources": [
            {"title": gettext("C40's 20-year book")},
            {"title": settings.OPEN_DATA_PUBLISHER, "path": "https://www.c40.org/"},
            {
                "title": geonames["name"],
                "path": geonames["url"],
                "description": gettext(
                    "The columns population and geonames_id, from GeoNames' data of %(date)s."
                )
                % {"date": geonames["data_date"]},
                "data_date": geonames["data_date"],
                "licenses": [
                    {"path": geonames["licence"]["url"], "title": geonames["licence"]["name"]}
                ],
            },
        ],
        "resources": [
            {
                "name": "c40-cities-csv",
                "title": gettext("C40 cities (CSV)"),
                "path": absolute(reverse("api:city-csv")),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {
                    "fields": [
                        {**field, "description": str(field["description"])} for field in CSV_FIELDS
                    ],
                    "primaryKey": ["slug"],
                    "missingValues": [""],
                },
            },
            {
                "name": "c40-cities-geojson",
                "title": gettext("C40 cities (GeoJSON)"),
                "path": absolute(reverse("api:city-geojson")),
                "format": "geojson",
                "mediatype": "application/geo+json",
                "encoding": "utf-8",
            },
        ],
    }


def objects(*required):
    return {"type": "array", "items": {"type": "object", "required": list(required)}}


DATA_PACKAGE_SCHEMA = {
    "type": "object",
    "description": _(
        "A Frictionless Data Package (https://specs.frictionlessdata.io/data-package/): the "
        "CSV's columns and their types, the licence and the sources."
    ),
    "properties": {
        "profile": {"type": "string"},
        "name": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "homepage": {"type": "string", "format": "uri"},
        "licenses": objects("path", "title"),
        "contributors": objects("title", "role"),
        "sources": objects("title"),
        "resources": objects("name", "path", "format", "mediatype"),
    },
    "required": ["profile", "name", "title", "licenses", "sources", "resources"],
}


class DataPackageView(APIView):
    """datapackage.json: what the CSV and GeoJSON downloads hold, under which licence, from
    which sources. Linked from every download (`Link: <…>; rel="describedby"`)."""

    query_parameters = frozenset({"lang"})

    @extend_schema(
        operation_id="datapackage",
        parameters=[LANG_PARAMETER],
        responses={200: OpenApiResponse(DATA_PACKAGE_SCHEMA), 400: ERROR_RESPONSES[400]},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - self.query_parameters)
        if unknown:
            raise ValidationError({name: [gettext("Unknown parameter.")] for name in unknown})
        with override(requested_language(request)):
            return Response(data_package(public_url))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = licence_link_header()
        return response
