"""`/api/v1/search/?q=…`: the site search as JSON, best first (in the OpenAPI schema)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.api import ERROR_RESPONSES
from cities.opendata import licence_link_header
from core.languages import language_codes
from core.public_url import public_url
from sitesearch.engine import MAX_RESULTS, cleaned, search
from sitesearch.index import KINDS

LANGUAGES = {code: serializers.CharField() for code in language_codes()}
RESULTS = inline_serializer(
    "SearchResult",
    many=True,
    fields={
        "kind": serializers.ChoiceField(choices=KINDS),
        "slug": serializers.CharField(),
        "title": inline_serializer("SearchTitle", LANGUAGES),
        "url": inline_serializer("SearchUrl", LANGUAGES),
        "score": serializers.IntegerField(),
    },
)


def result(hit):
    entry = hit.entry
    return {
        "kind": entry.kind,
        "slug": entry.slug,
        "title": {code: entry.title(code) for code in language_codes()},
        "url": {code: public_url(entry.url(code)) for code in language_codes()},
        "score": hit.score,
    }


def requested_limit(request):
    if "limit" not in request.query_params:
        return MAX_RESULTS
    text = request.query_params["limit"]
    # ASCII digits, and few of them: "²".isdigit() is true, and int() refuses 4 300 digits.
    if text.isascii() and text.isdigit() and len(text) <= 2 and 1 <= int(text) <= MAX_RESULTS:
        return int(text)
    message = gettext("A whole number from 1 to %(most)d.") % {"most": MAX_RESULTS}
    raise ValidationError({"limit": [message]})


class SearchApiView(APIView):
    """Cities, countries, regions, initiative areas, networks, accelerators and published
    spotlights matching `q`, in rank order."""

    query_parameters = frozenset({"q", "limit"})

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                description=_(
                    "What to look for, in English or Chinese (Simplified or Traditional), "
                    "pinyin, or with a typo."
                ),
                required=True,
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": 50},
                description=_("How many results at most, 1 to 50 (default 50)."),
                required=False,
            ),
        ],
        responses={
            200: inline_serializer(
                "SearchResults",
                {"query": serializers.CharField(), "results": RESULTS},
            ),
            400: ERROR_RESPONSES[400],
        },
    )
    def get(self, request):
        if "q" not in request.query_params:
            raise ValidationError({"q": [gettext("Say what to look for: ?q=…")]})
        query = cleaned(request.query_params["q"])
        hits = search(query, limit=requested_limit(request))
        response = Response({"query": query, "results": [result(hit) for hit in hits]})
        response["Link"] = licence_link_header()
        return response
