"""Spotlight text search: published spotlights holding every word of a query, compared as
the words core/words.py cut (English with stems, Chinese by jieba).

PostgreSQL asks its full-text index (`tsvector` @@ `tsquery`, sitesearch migration 0002);
SQLite, the embedded default, compares the same words with LIKE. Both read the same stored
words with the same query, so they give the same answers."""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from core.words import query_words
from spotlights.models import Spotlight

# PostgreSQL's generated `tsvector` of the words (sitesearch/migrations/0002), indexed.
VECTOR = "search_vector"


def needs_of(terms):
    """Every need of every term: [[(word, whole), …], …] (one alternative of each)."""
    return [need for term in terms for need in query_words(term)]


def tsquery(needs, every=True):
    """'bus':* | 'bus'  &  '公交':*  — words quoted as lexemes; they are \\w characters only."""
    return (" & " if every else " | ").join(
        "(" + " | ".join(f"'{word}'" if whole else f"'{word}':*" for word, whole in need) + ")"
        for need in needs
    )


def like_condition(needs, every=True):
    condition = Q()
    for need in needs:
        alternatives = Q()
        for word, whole in need:
            alternatives |= Q(search_words__contains=f" {word} " if whole else f" {word}")
        condition = condition & alternatives if every else condition | alternatives
    return condition


def matching(spotlights, terms, every=True):
    """The spotlights (a queryset) whose words meet every term (or, not `every`, one)."""
    needs = needs_of(terms)
    if not needs:
        return spotlights.none()
    if connection.vendor == "postgresql":
        column = f'{Spotlight._meta.db_table}."{VECTOR}"'
        return spotlights.filter(
            RawSQL(
                f"{column} @@ %s::tsquery",
                [tsquery(needs, every)],
                output_field=BooleanField(),
            )
        )
    return spotlights.filter(like_condition(needs, every))
