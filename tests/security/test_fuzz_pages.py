"""Fuzzing every public URL: no query string or slug, however odd, gives a 500 or reflects markup.

The URLs come from the URLconf itself and their slugs from the dataset, so a page added later
is fuzzed without being listed here. Examples are derandomised: every run sends the same
requests, and a failure shows the query string that caused it.
"""

import json
import re
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

import hypothesis
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from cities.models import City, Country, Region
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight
from tests.hypothesis_budget import examples

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Not public pages: the admin, POST-only endpoints, uploaded files.
EXCLUDED_PREFIXES = (settings.ADMIN_URL, "csp-report/", "i18n/", settings.MEDIA_URL.lstrip("/"))
# The downloads filter with the directory's filters, inside their get().
EXPORTS = {"api:city-csv", "api:city-geojson"}

FILTERS = ["region", "initiative", "network", "accelerator", "country", "city", "q"]
PARAMETERS = [*FILTERS, "page", "page_size", "lang", "format", "p"]
UNKNOWN_PARAMETERS = ["utm_source", "regoin", "Q", "region[]", "sort", "", " ", "q\x00", "北京"]
# Text that must never come back as markup: each holds one of RAW_MARKERS.
MARKUP = [
    "<x-fuzz-7>",
    '"onmouseover=alert(7) x="',
    "'onmouseover=alert(7) x='",
    "<script>alert(7)</script>",
    '"><x-fuzz-7 a="',
    "</textarea><x-fuzz-7>",
]
RAW_MARKERS = ["<x-fuzz", "<script>alert(7)", '"onmouseover=', "'onmouseover=", "\x00"]
AWKWARD = [
    *["", " ", "%", "%%", "%25", "_", "\\", "\x00", "bei\x00jing", "\r\n", "\ufeff"],
    *["' OR 1=1 --", "'; DROP TABLE cities_city; --", '" OR ""="', "1) UNION SELECT NULL--"],
    *["../../etc/passwd", "0", "-0", "-1", "1.5", "1e309", "NaN", "last", " 2 ", "1_000"],
    *["²", "-²", "٣", "Ⅻ", "\u202eodnol", "e\u0301\u0300\u0327", "😀"],
]
# Sent as they are, not encoded: broken percent escapes and bytes that are not UTF-8.
RAW_QUERY_PARTS = [
    *["%zz", "%00", "%ff", "%", "=", "&", ";", "q", "a=%%", "q=+%2B+"],
    *["q=%ff%fe", "q=%E4%B8", "region=%C0%AF", "page=%00", "page=%C2%B2", "page_size=%C2%B2"],
    *["q=%3Cx-fuzz-7%3E", "q=<x-fuzz-7>", "q=%22onmouseover=", "lang=%00", "lang=<x-fuzz-7>"],
]
LONG = 10_000
# gunicorn refuses a request line of over 4,094 bytes: a longer path never reaches Django.
LONGEST_PATH_PART = 4_000
SLUG_PLACEHOLDER = "fuzz-slug-placeholder"


def public_routes():
    """{URL name: (pattern, is it under a language prefix)} of every public URL."""
    routes = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):
            routes |= named_routes(entry, namespace="", localized=True)
        elif not str(entry.pattern).lstrip("^").startswith(EXCLUDED_PREFIXES):
            routes |= named_routes(entry, namespace="", localized=False)
    return routes


def named_routes(entry, *, namespace, localized):
    if isinstance(entry, URLResolver):
        inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
        routes = {}
        for child in entry.url_patterns:
            routes |= named_routes(child, namespace=inner, localized=localized)
        return routes
    # reverse() needs a name: an unnamed public page would silently escape the fuzzing.
    assert entry.name, f"Name the URL pattern {entry.pattern} so that it is fuzzed"
    return {f"{namespace}{entry.name}": (entry, localized)}


def view_of(entry):
    return getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)


def lists_results(name, entry):
    """Does the page filter or paginate a list by its query string?"""
    if getattr(entry.callback, "actions", {}).get("get", "list") != "list":
        return False  # an API item, sharing its viewset with the list
    view = view_of(entry)
    attributes = ("filterset_class", "pagination_class", "paginate_by")
    return name in EXPORTS or any(getattr(view, attribute, None) for attribute in attributes)


ROUTES = public_routes()
SLUGGED = [name for name, (entry, _) in ROUTES.items() if entry.pattern.regex.groupindex]
LISTS = [name for name, (entry, _) in ROUTES.items() if lists_results(name, entry)]


def in_every_language(names):
    targets = [(language, name) for name in names for language in LANGUAGES]
    return pytest.mark.parametrize(
        ("language", "name"), targets, ids=[f"{lang}-{name}" for lang, name in targets]
    )


def model_of(entry):
    """The model whose slug fills the pattern: the view's `model`, queryset or serializer's."""
    view = view_of(entry)
    model = getattr(view, "model", None)
    if model is None and getattr(view, "queryset", None) is not None:
        model = view.queryset.model
    if model is None and getattr(view, "serializer_class", None) is not None:
        model = view.serializer_class.Meta.model
    assert model is not None, f"No model to take a slug from for {entry.pattern}"
    return model


def visible(model):
    rows = model._default_manager.all()
    return rows.published() if hasattr(rows, "published") else rows


def url_of(name, language, slug=None):
    """(URL, request headers): a URL without a language prefix asks by header instead.

    A slug parameter is filled with `slug`, or else with a real one the page shows.
    """
    entry, localized = ROUTES[name]
    kwargs = {}
    for parameter in entry.pattern.regex.groupindex:
        assert parameter == "slug", f"Teach the fuzzer to fill {parameter!r} of {name}"
        real = visible(model_of(entry)).order_by("pk").values_list("slug", flat=True)[0]
        kwargs["slug"] = SLUG_PLACEHOLDER if slug is not None else real
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    if slug is not None:
        url = url.replace(SLUG_PLACEHOLDER, slug)
    return url, {} if localized else {"HTTP_ACCEPT_LANGUAGE": language}


@pytest.fixture(scope="module")
def known_values(django_db_setup, django_db_blocker):
    """Values some parameter understands, to mix in with the junk: a few slugs of every kind
    in the dataset, the schema's languages, the API's format."""
    models = (Region, Country, City, InitiativeArea, Network, Accelerator, Spotlight)
    with django_db_blocker.unblock():
        slugs = [
            slug
            for model in models
            for slug in visible(model).order_by("pk").values_list("slug", flat=True)[:4]
        ]
    return [*slugs, *LANGUAGES, "json"]


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


def values(known, longest=LONG * 2):
    return st.one_of(
        TEXT,
        st.sampled_from(known),
        st.sampled_from(AWKWARD),
        st.builds(lambda a, markup, b: a + markup + b, TEXT, st.sampled_from(MARKUP), TEXT),
        st.integers(min_value=-(10**25), max_value=10**25).map(str),
        st.text(st.characters(categories=["N"]), min_size=1, max_size=3),  # ², ٣, Ⅻ
        st.builds(
            lambda unit, count: unit * count,
            st.sampled_from(["x", "9", "%", "\x00", "北", "a-", "<x-fuzz-7>"]),
            st.integers(min_value=longest // 2, max_value=longest),
        ),
    )


def query_strings(known, names):
    """A query string: names and odd values, some repeated, then broken escapes."""
    one_or_repeated = st.one_of(values(known), st.lists(values(known), min_size=2, max_size=4))
    pairs = st.lists(st.tuples(names, one_or_repeated), max_size=6)
    raw = st.lists(st.sampled_from(RAW_QUERY_PARTS), max_size=3)
    return st.builds(
        lambda pairs, raw: "&".join(filter(None, [urlencode(pairs, doseq=True), *raw])),
        pairs,
        raw,
    )


ANY_NAME = st.one_of(
    st.sampled_from(PARAMETERS), st.sampled_from(UNKNOWN_PARAMETERS), st.text(max_size=10)
)
MOSTLY_FILTERS = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(UNKNOWN_PARAMETERS))


def check(response):
    """No server error; HTML and XML never carry a marker raw; JSON always parses."""
    assert response.status_code < 500
    content_type = response.get("Content-Type", "")
    if "json" in content_type and response.content:
        json.loads(response.content)
    elif "html" in content_type or "xml" in content_type:
        text = response.content.decode()
        found = [marker for marker in RAW_MARKERS if marker in text]
        assert not found, f"{found} reflected raw"
        if "xml" in content_type and text:
            ElementTree.fromstring(response.content)


def fuzz(max_examples):
    return hypothesis.settings(
        max_examples=examples(max_examples),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


@in_every_language(ROUTES)
@fuzz(max_examples=10)
@given(data=st.data())
def test_no_query_string_breaks_a_public_url(client, known_values, language, name, data):
    url, headers = url_of(name, language)
    query = data.draw(query_strings(known_values, ANY_NAME), label="query")
    method = data.draw(st.sampled_from(["get", "get", "get", "head", "options"]), label="method")
    check(getattr(client, method)(url, QUERY_STRING=query, **headers))


@in_every_language(LISTS)
@fuzz(max_examples=40)
@given(data=st.data())
def test_no_filter_breaks_a_list(client, known_values, language, name, data):
    """Weighted to the filters; half the time with the page cache on, as in production."""
    url, headers = url_of(name, language)
    query = data.draw(query_strings(known_values, MOSTLY_FILTERS), label="query")
    page_cache = data.draw(st.sampled_from([0, 600]), label="PAGE_CACHE_SECONDS")
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=page_cache):
        check(client.get(url, QUERY_STRING=query, **headers))
        if page_cache:  # the copy from the cache
            check(client.get(url, QUERY_STRING=query, **headers))


@pytest.mark.parametrize("language", LANGUAGES)
@fuzz(max_examples=40)
@given(data=st.data())
def test_raw_bytes_in_the_query_string_break_no_public_url(client, language, data):
    url, headers = url_of(data.draw(st.sampled_from(sorted(ROUTES)), label="name"), language)
    query = data.draw(st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")))
    check(client.get(url, QUERY_STRING=query, **headers))


@in_every_language(SLUGGED)
@fuzz(max_examples=10)
@given(data=st.data())
def test_no_slug_breaks_a_detail_page(client, known_values, language, name, data):
    slugs = values(known_values, longest=LONGEST_PATH_PART).filter(lambda s: s not in known_values)
    slug = data.draw(slugs, label="slug")
    safe = data.draw(st.sampled_from(["", "<>\"'%"]), label="left unencoded")
    path_part = quote(slug, safe=safe)[:LONGEST_PATH_PART] or "%00"
    url, headers = url_of(name, language, slug=path_part)
    response = client.get(url, **headers)
    check(response)
    assert response.status_code == 404


def page_shown(response):
    """(page, of pages) from "Page 2 of 5" or "第2页，共5页"."""
    assert response.status_code == 200
    match = re.search(r"Page (\d+) of (\d+)|第(\d+)页，共(\d+)页", response.content.decode())
    return tuple(int(n) for n in match.groups() if n)


@pytest.mark.parametrize(
    ("number", "page"),
    [("²", 1), ("-²", 1), ("Ⅻ", 1), ("٣", 3), ("9" * 5000, 5), ("-" + "9" * 5000, 1)],
)
@in_every_language(["cities:city-list", "spotlights:spotlight-list"])
def test_a_page_number_int_cannot_read_gives_a_real_page(client, language, name, number, page):
    url, _headers = url_of(name, language)
    assert page_shown(client.get(url, {"page": number})) == (page, 5)
