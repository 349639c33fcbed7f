"""Accent- and case-insensitive search that works the same on SQLite and PostgreSQL.

Each searchable row keeps a normalised copy of its names in both languages
(`search_text`); a query is normalised the same way and matched term by term.
"""

import functools
import re
import unicodedata

import opencc
from django.db import models

from core.typography import HAN

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
WORD = re.compile(r"\w+")


HAN_CHARACTER = re.compile(f"[{HAN}]")


@functools.cache
def traditional_to_simplified():
    return opencc.OpenCC("t2s")


def simplified(text):
    """Traditional Chinese characters as Simplified (倫敦 → 伦敦); other text unchanged."""
    return traditional_to_simplified().convert(text) if HAN_CHARACTER.search(text) else text


def normalize(text):
    """Fold case and strip accents: 'São Paulo' and 'sao-paulo' both give 'sao paulo'; and
    Traditional Chinese to Simplified: '倫敦' gives '伦敦'."""
    if text.isascii():  # most names: nothing to decompose (4× faster over 10 000 cities)
        return " ".join(WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", simplified(text))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORD.findall(stripped.casefold()))


def search_terms(query):
    """The distinct terms of a visitor's query, bounded in length and number."""
    terms = normalize(query[:MAX_QUERY_LENGTH]).split()
    return list(dict.fromkeys(terms))[:MAX_TERMS]


class SearchableModel(models.Model):
    """A model whose `search_fields` are kept, normalised, in `search_text`."""

    search_fields: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def normalize_fields(self):
        """Hook: tidy field values before every save (raw ones included), before indexing."""

    def refresh_search_text(self):
        self.search_text = search_text_of(self, self.search_fields)

    def search_value(self, field_name):
        """Hook: the text search reads from a field (by default its value)."""
        return getattr(self, field_name) or ""


def search_text_of(instance, field_names):
    values = (instance.search_value(name) for name in field_names)
    return normalize(" ".join(str(value) for value in values))


def fill_search_text(model, field_names):
    """For data migrations: compute `search_text` of every existing row of `model`."""
    rows = list(model.objects.all())
    for row in rows:
        row.search_text = search_text_of(row, field_names)
    model.objects.bulk_update(rows, ["search_text"], batch_size=500)


# A receiver rather than save(): loaddata saves fixture rows raw, without calling save().
# Connected to each SearchableModel in CoreConfig.ready().
def refresh_search_text(sender, instance, **kwargs):
    instance.normalize_fields()
    instance.refresh_search_text()
