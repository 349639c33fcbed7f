"""The open data API's shared parts, and its city, region and country endpoints."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.functional import classproperty
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from drf_spectacular.views import SpectacularJSONAPIView
from modeltranslation.utils import build_localized_fieldname
from rest_framework import pagination, routers, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from cities.filters import CityFilterSet
from cities.geonames import population_source
from cities.models import City, Country, Region
from cities.opendata import licence_link_header, terms
from core.languages import language_codes
from core.public_url import public_url, with_public_origin

LANGUAGE_CODES = list(language_codes())
PAGINATION_PARAMETERS = {"page", "page_size"}


def in_every_language(schema, description):
    return {
        "type": "object",
        "description": description,
        "properties": dict.fromkeys(LANGUAGE_CODES, schema),
        "required": LANGUAGE_CODES,
        "additionalProperties": False,
    }


@extend_schema_field(in_every_language({"type": "string"}, "The text in each site language."))
class TranslatedField(serializers.Field):
    """A translated model field as {"en": …, "zh-hans": …} ("" where a language is empty)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return {
            code: getattr(instance, build_localized_fieldname(self.field_name, code)) or ""
            for code in LANGUAGE_CODES
        }


@extend_schema_field(
    in_every_language({"type": "string", "format": "uri"}, "The public page in each language.")
)
class PageUrlsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        urls = {}
        for code in LANGUAGE_CODES:
            with override(code):
                path = instance.get_absolute_url()
            urls[code] = public_url(path)
        return urls


LICENCE_SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
    "required": ["name", "url"],
}


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "licence": LICENCE_SCHEMA,
                    "data_date": {"type": "string", "format": "date"},
                },
                "required": ["name", "url", "licence", "data_date"],
            },
            {"type": "null"},
        ],
        "description": _(
            "Where the population comes from: GeoNames, its licence and the date of its data; "
            "null where the city has no population."
        ),
    }
)
class PopulationSourceField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return population_source() if instance.population is not None else None


def slugs(**kwargs):
    return serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug", **kwargs)


class OpenDataPagination(pagination.PageNumberPagination):
    """Pages of 50 (`page_size` up to 500), with the licence and attribution in the envelope."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        # DRF would quietly use 50 for `page_size=abc`: say what is wrong instead.
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        # ASCII digits only: "²".isdigit() is true, yet int() refuses it.
        digits = given.lstrip("0") if given.isascii() and given.isdigit() else ""
        if not digits:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        gettext("A whole number from 1 to %(maximum)d.")
                        % {"maximum": self.max_page_size}
                    ]
                }
            )
        # By length first: int() refuses numbers of over 4,300 digits.
        if len(digits) > len(str(self.max_page_size)):
            return self.max_page_size
        return min(int(digits), self.max_page_size)

    def get_page_number(self, request, paginator):
        # A number, as documented: DRF would read an empty `page` as 1 and "last" as the last.
        return request.query_params.get(self.page_query_param, 1)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:  # both count from 1; page 0 or size 0 is an error
            parameter["schema"]["minimum"] = 1
        return parameters

    def get_next_link(self):
        return with_public_origin(super().get_next_link())

    def get_previous_link(self):
        return with_public_origin(super().get_previous_link())

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                **terms(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):  # OpenAPI 3.1 spells "nullable" as a null type
            envelope["properties"][link] = {"type": ["string", "null"], "format": "uri"}
        envelope["properties"] |= {
            "licence": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
                "required": ["name", "url"],
            },
            "attribution": {
                "type": "object",
                "properties": {
                    "publisher": {"type": "string"},
                    "sources": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["publisher", "sources"],
            },
        }
        envelope["required"] = [*envelope["required"], "licence", "attribution"]
        return envelope


class StrictFilterBackend(DjangoFilterBackend):
    """The portal's filters; an unknown parameter or value is a 400 that names it.

    The HTML directory forgives a mistyped value; a program asking for `region=afrika`
    should hear about it rather than silently receive every city.
    """

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        known = set(filterset.filters) if filterset is not None else set()
        errors = {
            name: [gettext("Unknown parameter.")]
            for name in sorted(set(request.query_params) - known - PAGINATION_PARAMETERS)
        }
        if filterset is not None:
            for name, (_found, unknown) in filterset.selections().items():
                if unknown:
                    errors[name] = [
                        gettext("No such %(parameter)s: %(values)s.")
                        % {"parameter": name, "values": ", ".join(unknown)}
                    ]
        if errors:
            raise ValidationError(errors)
        return filterset.qs if filterset is not None else queryset


ERROR_RESPONSES = {
    400: OpenApiResponse(
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        description=ValidationError.default_detail,  # each parameter at fault, with what is wrong
    ),
    404: OpenApiResponse(
        {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
        description=NotFound.default_detail,  # no such item, or no such page
    ),
}


class OpenDataSchema(AutoSchema):
    """Every operation answers its data, a 400 naming the parameters at fault, or a 404."""

    def get_response_serializers(self):
        return {200: super().get_response_serializers(), **ERROR_RESPONSES}


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, looked up by slug, every response linking its licence."""

    schema = OpenDataSchema()
    lookup_field = "slug"
    filter_backends = [StrictFilterBackend]
    pagination_class = OpenDataPagination

    @classproperty
    def query_parameters(cls):  # noqa: N805 (a class property)
        """What the collection reads from the query string (core/query.py; the page cache
        stores no answer to any other: those are 400s naming the parameter)."""
        filters = cls.filterset_class.base_filters if getattr(cls, "filterset_class", None) else {}
        paging = cls.pagination_class
        return frozenset({*filters, paging.page_query_param, paging.page_size_query_param})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Link"] = licence_link_header()
        return response


class RegionRefSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Region
        fields = ["slug", "name"]


class CountryRefSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Country
        fields = ["slug", "iso_code", "name"]


class RegionSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    page = PageUrlsField()

    class Meta:
        model = Region
        fields = ["id", "slug", "name", "position", "page"]


class CountrySerializer(CountryRefSerializer):
    class Meta(CountryRefSerializer.Meta):
        fields = ["id", *CountryRefSerializer.Meta.fields]


class CitySerializer(serializers.ModelSerializer):
    name = TranslatedField()
    alternative_names = serializers.ListField(
        source="alternative_name_list", child=serializers.CharField(), read_only=True
    )
    region = RegionRefSerializer(read_only=True)
    country = CountryRefSerializer(read_only=True)
    latitude = serializers.FloatField(read_only=True)
    longitude = serializers.FloatField(read_only=True)
    population = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The population GeoNames gives for its record geonames_id; null where no GeoNames "
            "record is the city."
        ),
    )
    geonames_id = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("The ID of the city's record at GeoNames; null where none is the city."),
    )
    population_source = PopulationSourceField()
    networks = slugs()
    accelerators = slugs()
    page = PageUrlsField()

    class Meta:
        model = City
        fields = [
            "id",
            "slug",
            "name",
            "alternative_names",
            "region",
            "country",
            "latitude",
            "longitude",
            "population",
            "geonames_id",
            "population_source",
            "is_steering_committee",
            "networks",
            "accelerators",
            "page",
        ]


class CityViewSet(OpenDataViewSet):
    """C40 cities, filtered as the directory is: repeat a parameter for any of its values."""

    queryset = City.objects.with_api_data()
    serializer_class = CitySerializer
    filterset_class = CityFilterSet


class RegionViewSet(OpenDataViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer


class CountryViewSet(OpenDataViewSet):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer


def requested_language(request):
    """`?lang=`, the default language whatever the browser asks: the page cache keeps one copy
    per URL. Only a site language: Django keeps every language it activates, so made-up codes
    would grow the process's memory without end. A blank `lang=` is a mistake like any other."""
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in LANGUAGE_CODES:
        message = gettext("No such %(parameter)s: %(values)s.")
        raise ValidationError({"lang": [message % {"parameter": "lang", "values": language}]})
    return language


LANG_PARAMETER = OpenApiParameter(
    "lang",
    enum=LANGUAGE_CODES,
    description=_("The language of the descriptions (English by default)."),
)


class OpenApiSchemaView(SpectacularJSONAPIView):
    """The schema in English whatever the browser's language (`?lang=zh-hans` for Chinese):
    the page cache keeps one copy per URL."""

    query_parameters = frozenset({"lang"})

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with override(requested_language(request)):
            return super().get(request, *args, **kwargs)


class ApiRootView(routers.APIRootView):
    """The API's index of collections, on the public origin (DRF builds it from the request)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {name: with_public_origin(url) for name, url in response.data.items()}
        return response


def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404 like the API's own, not the HTML page."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
