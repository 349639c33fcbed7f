"""What site search can find: one entry per city, country, region, initiative area, network,
accelerator and published spotlight, with every name it answers to, folded (folding.py).

Built from plain rows once per content generation (core/pagecache.py: every content change
starts a new one) and kept in the process: 98 cities build in milliseconds, 10 000 cities and
20 000 spotlights in two seconds, done in the background while searches use the previous one."""

import dataclasses

from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from cities.models import City, Country, Region
from core.languages import language_codes, localized_columns
from core.processmemo import ProcessMemo
from networks.models import Accelerator, InitiativeArea, Network
from sitesearch.folding import compact, fold, pinyin
from spotlights.models import Spotlight

KINDS = ("city", "country", "region", "initiative-area", "network", "accelerator", "spotlight")


@dataclasses.dataclass
class Entry:
    kind: str
    slug: str
    titles: dict  # {language code: title}
    contexts: dict  # {language code: what it belongs to, e.g. a city's country}
    names: list  # every name, folded
    pinyins: list = dataclasses.field(default_factory=list)
    pk: int = 0
    context_words: frozenset = frozenset()  # folded words of what it belongs to

    @property
    def rank(self):
        return KINDS.index(self.kind)

    def url(self, language):
        with translation.override(language):
            if self.kind == "country":
                return reverse("cities:city-list") + f"?country={self.slug}"
            return reverse(URL_NAMES[self.kind], kwargs={"slug": self.slug})

    def title(self, language):
        return self.titles.get(language) or next(filter(None, self.titles.values()), self.slug)


URL_NAMES = {
    "city": "cities:city-detail",
    "region": "cities:region-detail",
    "initiative-area": "networks:initiative-detail",
    "network": "networks:network-detail",
    "accelerator": "networks:accelerator-detail",
    "spotlight": "spotlights:spotlight-detail",
}


def columns(field):
    return {code: build_localized_fieldname(field, code) for code in language_codes()}


def entries_of(kind, queryset, *, title="name", other_names=(), context=None):
    titles = columns(title)
    contexts = columns(context) if context else {}
    fields = ["pk", "slug", *titles.values(), *other_names, *contexts.values()]
    for row in queryset.values(*fields).iterator(chunk_size=2000):
        names = [row[column] for column in titles.values()]
        for column in other_names:
            names += (row[column] or "").split(";")
        names = [name.strip() for name in names if name and name.strip()]
        yield Entry(
            kind=kind,
            slug=row["slug"],
            pk=row["pk"],
            titles={code: row[column] or "" for code, column in titles.items()},
            contexts={code: row[column] or "" for code, column in contexts.items()},
            names=list(dict.fromkeys(fold(name) for name in names)),
            # Pinyin of places' names ("lundun"), not of spotlights' sentence-long titles.
            pinyins=list(dict.fromkeys(filter(None, map(pinyin, names))))
            if kind != "spotlight"
            else [],
            context_words=frozenset(
                word for column in contexts.values() for word in fold(row[column] or "").split()
            ),
        )


def build():
    entries = [
        *entries_of(
            "city",
            City.objects.all(),
            other_names=["alternative_names"],
            context="country__name",
        ),
        *entries_of("country", Country.objects.all()),
        *entries_of("region", Region.objects.all()),
        *entries_of("initiative-area", InitiativeArea.objects.all()),
        *entries_of("network", Network.objects.all(), context="area__name"),
        *entries_of(
            "accelerator",
            Accelerator.objects.all(),
            other_names=localized_columns("original_name"),
        ),
        *entries_of(
            "spotlight", Spotlight.objects.published(), title="title", context="city__name"
        ),
    ]
    return SearchIndex(entries)


class SearchIndex:
    """The entries, and lookups that answer a query without reading every entry: dicts for
    whole names, sorted lists for beginnings (bisect), one text of all names for parts."""

    def __init__(self, entries):
        self.entries = entries
        self.spotlights = {entry.pk: entry for entry in entries if entry.kind == "spotlight"}
        self.by_name, self.by_compact, self.by_pinyin, self.by_word = {}, {}, {}, {}
        names, later_words, pinyins = [], [], []
        for position, entry in enumerate(entries):
            for name in entry.names:
                self.by_name.setdefault(name, []).append(position)
                self.by_compact.setdefault(compact(name), []).append(position)
                names.append((name, position))
                first, *others = name.split() or [""]
                for word in (first, *others):
                    self.by_word.setdefault(word, set()).add(position)
                later_words += [(word, position) for word in others]
            for name in entry.pinyins:
                self.by_pinyin.setdefault(name, []).append(position)
                pinyins.append((name, position))
        self.sorted_names = sorted(names)
        self.sorted_words = sorted(later_words)
        self.sorted_pinyins = sorted(pinyins)
        # Every name on its own line: a part of a name is found by one scan in C.
        self.name_positions = [position for _name, position in names]
        self.blob = "\n".join(name for name, _position in names)
        self.line_starts = []
        offset = 0
        for name, _position in names:
            self.line_starts.append(offset)
            offset += len(name) + 1
        # For the typo search: (name without spaces, entry position), places before spotlights.
        self.typo_choices = [
            (compact(name), position)
            for name, position in names
            if entries[position].kind != "spotlight"
        ] + [(name, position) for name, position in pinyins]


# A build that took longer than this (at thousands of cities) is redone in the background
# after a change, searches meanwhile using the previous names; spotlight text is read fresh.
BACKGROUND_AFTER_SECONDS = 0.5

_index = ProcessMemo(build, background_after=BACKGROUND_AFTER_SECONDS)


def current_index():
    """The index of the current content (built again after any content change)."""
    return _index.get()
