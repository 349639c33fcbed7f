"""Faceted filtering shared by the city directory and the spotlight list.

Filters take repeatable slug parameters (`?region=africa&region=europe`); values within one
parameter are alternatives (OR), parameters combine (AND). Unknown slugs are ignored and
reported, never an error. Each facet counts, for every choice, the results that choice
would give with the other parameters kept.
"""

import heapq
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

import django_filters
from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.functional import cached_property, classproperty
from django.utils.html import format_html_join
from django.utils.translation import get_language, gettext, ngettext
from django_filters.views import FilterView
from drf_spectacular.utils import extend_schema_field

from core.pagecache import Fragment
from core.query import page_number
from core.search import MAX_QUERY_LENGTH, search_terms

MAX_VALUES_PER_PARAMETER = 50
MAX_SLUG_LENGTH = 100
FACET_OPTION_LIMIT = 100  # above every facet of the real directory (97 cities with spotlights)


class SearchField(forms.CharField):
    """Free text that never fails validation: NUL bytes dropped, length bounded."""

    def to_python(self, value):
        value = super().to_python(value).replace("\x00", "")
        return value[:MAX_QUERY_LENGTH].strip()


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

    def filter(self, qs, value):
        if not value:
            return qs
        # Text with nothing searchable in it (only symbols, say) matches nothing, not everything.
        return qs.search(value) if search_terms(value) else qs.none()


class SlugListField(forms.Field):
    """The distinct values given, bounded; values that cannot be slugs are kept to report."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        values = [v[:MAX_SLUG_LENGTH] for v in values if isinstance(v, str)]
        return list(dict.fromkeys(v for v in values if v))[:MAX_VALUES_PER_PARAMETER]


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string"},
        "description": "Slugs; repeat the parameter for several (a result matches any of them).",
    }
)
class SlugsFilter(django_filters.Filter):
    """Rows matching any given slug of the model `options`, through the queryset method `apply`."""

    field_class = SlugListField

    # A model (or its "app_label.Model" name, for a model of a later app), not a queryset:
    # every request deep-copies the filters, and copying a class is free, a queryset not.
    def __init__(self, *, options, apply, label, **kwargs):
        super().__init__(label=label, **kwargs)
        self._options = options
        self.apply = apply

    @property
    def options(self):
        return apps.get_model(self._options) if isinstance(self._options, str) else self._options

    def filter(self, qs, value):
        if not value:
            return qs
        known = self.parent.known_slugs(self.field_name, self.options, value)
        if not known:
            return qs
        return getattr(qs, self.apply)(list(known.values()))


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose slug parameters resolve once, shared with its `without()` copies."""

    def __init__(self, *args, resolved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._resolved = {} if resolved is None else resolved

    def known_slugs(self, name, options, slugs):
        """{slug: pk} of the given slugs that exist (one query per parameter, then cached)."""
        if name not in self._resolved:
            valid = [slug for slug in slugs if slug_re.fullmatch(slug)]
            rows = options._default_manager.filter(slug__in=valid).values_list("slug", "pk")
            self._resolved[name] = dict(rows)
        return self._resolved[name]

    def without(self, name):
        data = self.data.copy()
        data.pop(name, None)
        return type(self)(
            data, queryset=self.queryset, request=self.request, resolved=self._resolved
        )

    def slug_filters(self):
        return {name: f for name, f in self.filters.items() if isinstance(f, SlugsFilter)}

    def selections(self):
        """{parameter: (known slugs in the order given, unknown slugs)} of the bound data."""
        self.form.is_valid()  # cleans the fields (they never fail: see SlugListField)
        result = {}
        for name, slug_filter in self.slug_filters().items():
            given = self.form.cleaned_data.get(name) or []
            known = self.known_slugs(name, slug_filter.options, given) if given else {}
            unknown = [s.replace("\x00", "") for s in given if s not in known]
            result[name] = ([s for s in given if s in known], unknown)
        return result


class FacetOption(NamedTuple):  # a tuple: a cached page's hundreds of these unpickle fast
    slug: str
    label: str
    count: int
    selected: bool
    url: str


class Selection(NamedTuple):
    """What a filter selection shows besides its rows, cached per selection (a tuple: it
    unpickles fast): the facets, their HTML and the number of results."""

    facets: list
    facets_html: str
    count: int


class CountedPaginator(Paginator):
    """A paginator given its count (the cached selection has it), so it never asks the
    database for one."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    hidden: int = 0  # options with results left out (see build_facets)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]

    @property
    def in_results(self):
        """The choices the results belong to: the selected ones, else every one with results."""
        return self.selected or [option for option in self.options if option.count]


def toggled_query(query, name, value):
    """The query string with `value` added to or removed from parameter `name`; page reset."""
    query = query.copy()
    query.pop("page", None)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return query.urlencode()


def build_facets(filterset, counters):
    """One Facet per slug filter; `counters[name](results)` gives {option pk: result count}.

    A facet offers the FACET_OPTION_LIMIT options with the most results (and every selected
    one): the spotlight list's city facet would otherwise list 10 000 checkboxes."""
    selections = filterset.selections()
    facets = []
    for name, slug_filter in filterset.slug_filters().items():
        selected = set(selections[name][0])
        counts = counters[name](filterset.without(name).qs)
        shown = heapq.nlargest(FACET_OPTION_LIMIT, counts, key=lambda pk: (counts[pk], -pk))
        options = slug_filter.options._default_manager.filter(
            Q(pk__in=shown) | Q(slug__in=selected)
        )
        facet = Facet(name=name, label=str(slug_filter.label), hidden=len(counts) - len(shown))
        for option in options:
            facet.options.append(
                FacetOption(
                    slug=option.slug,
                    label=str(option),
                    count=counts.get(option.pk, 0),
                    selected=option.slug in selected,
                    url="?" + toggled_query(filterset.data, name, option.slug),
                )
            )
        facets.append(facet)
    return facets


class FacetedListView(FilterView):
    """A FilterView with facet counts, removable chips, and forgiving pagination."""

    paginate_by = 24
    facet_counters: dict = {}

    @classproperty
    def query_parameters(cls):  # noqa: N805 (a class property)
        """What this list reads from the query string (core/query.py drops everything else)."""
        return frozenset({*cls.filterset_class.base_filters, cls.page_kwarg})

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so an empty query string counts as "no filters", not "not submitted".
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset, page_size):
        paginator = CountedPaginator(
            queryset,
            page_size,
            count=self.selection.count,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        # get_page(): a page that is not a number gives the first, one past the end the last.
        page = paginator.get_page(page_number(self.request.GET.get(self.page_kwarg, "")))
        return paginator, page, page.object_list, page.has_other_pages()

    @cached_property
    def selection(self):
        """The costly part of a list page, computed once per selection and cached."""
        filterset = self.filterset
        fragment = Fragment(
            "facets", type(self).__name__, get_language(), _without(filterset.data)
        )
        if fragment.value is None:
            facets = build_facets(filterset, self.facet_counters)
            html = render_to_string("includes/_facets.html", {"facets": facets})
            fragment.value = Selection(facets, html, filterset.qs.count())
            fragment.store(fragment.value)
        return fragment.value

    def results_fragment(self):
        """The rendered list of results of this page (its rows need no query when cached)."""
        return Fragment(
            "results", type(self).__name__, get_language(), self.request.get_full_path()
        )

    def count_label(self, count):
        """The number of results as words, e.g. "18 results" (a list may name its items)."""
        return ngettext("%(counter)s result", "%(counter)s results", count) % {"counter": count}

    def suggested_names(self, query):
        """Names to offer when the search `query` finds nothing: none unless a list says."""
        return []

    def suggestion_links(self):
        """'Did you mean' links, for a search whose words find nothing even without filters.

        Called by the template, and only when there is no result: the queries it takes are
        spent on empty pages alone."""
        query = self.filterset.form.cleaned_data.get("q", "")
        if not query or self.get_queryset().search(query).exists():
            return ""
        return format_html_join(
            gettext(", "),
            '<a href="{}">{}</a>',
            (
                (f"{self.request.path}?{urlencode({'q': name})}", name)
                for name in self.suggested_names(query)
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        facets, facets_html, count = self.selection
        active_filter_count = sum(len(facet.selected) for facet in facets)
        query = filterset.form.cleaned_data.get("q", "")
        unknown = [
            (filterset.filters[name].label, slug)
            for name, (_known, slugs) in filterset.selections().items()
            for slug in slugs
        ]
        context.update(
            facets=facets,
            facets_html=facets_html,
            results_fragment=self.results_fragment(),
            query=query,
            query_removal_url="?" + _without(filterset.data, "q"),
            unknown_values=unknown,
            is_filtered=bool(query or active_filter_count),
            active_filter_count=active_filter_count,
            has_filters=bool(active_filter_count),
            result_count_label=self.count_label(count),
            suggestion_links=self.suggestion_links,  # a callable: the template calls it
            page_query=_without(filterset.data),
        )
        return context


def _without(query, *names):
    """The query string without `page` and the parameters `names`."""
    query = query.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()
