"""The query string a public page is rendered and cached for: its known parameters only,
each in one canonical spelling.

A view names the parameters it reads in `query_parameters`. Anything else a client adds
(`?zz=<random>`, `?utm_source=…`) cannot change the page, so it is dropped before the view
runs: the page, its cache key and every fragment it stores depend on the normalised query
alone, and random parameters are served from the cache instead of filling it.
"""

import functools
import sys

from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

SEARCH_PARAMETER = "q"
PAGE_PARAMETER = "page"
MAX_VALUE_LENGTH = 100
MAX_VALUES = 50
MAX_SEARCH_LENGTH = 200


@functools.lru_cache(maxsize=1024)
def view_parameters(path):
    """The query parameters the view at `path` reads (none unless it names them), or None
    when no view answers `path`. Remembered per path: every public request, cache hits too,
    asks, and the URL patterns do not change while the process runs."""
    try:
        with translation.override(translation.get_language_from_path(path)):
            match = resolve(path)
    except Resolver404:
        return None
    # A class-based view, or a DRF viewset (whose view function names its class `cls`).
    view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", match.func)
    return getattr(view, "query_parameters", frozenset())


def page_number(text):
    """The page asked for, from 1 (Paginator.get_page() shows the last for 0 or below)."""
    try:
        return max(int(text), 1)
    except ValueError:
        # Not a number ("abc", "1.5", "²") gives the first page; a number too long for int()
        # (over 4,300 digits) the last, as any number past the end does.
        return sys.maxsize if text.isascii() and text.isdigit() else 1


def page_value(values):
    """The page asked for, spelt as a plain number; None for the first page."""
    number = page_number(values[-1])
    return str(number) if number > 1 else None


def search_value(values):
    text = values[-1].replace("\x00", "")[:MAX_SEARCH_LENGTH].strip()
    return text or None


def listed_values(values):
    """Distinct values, sorted; cut as the filters cut them, otherwise exactly as given (a
    value that is no slug is reported on the page, so it must not be tidied into one)."""
    return sorted({v[:MAX_VALUE_LENGTH] for v in values if v})[:MAX_VALUES]


def normalised_query(query, parameters):
    """`query` (a QueryDict) reduced to `parameters`, blank values dropped, values sorted."""
    normal = QueryDict(mutable=True)
    for name in sorted(parameters & set(query)):
        values = query.getlist(name)
        if name == PAGE_PARAMETER:
            values = [v] if (v := page_value(values)) else []
        elif name == SEARCH_PARAMETER:
            values = [v] if (v := search_value(values)) else []
        else:
            values = listed_values(values)
        if values:
            normal.setlist(name, values)
    return normal
