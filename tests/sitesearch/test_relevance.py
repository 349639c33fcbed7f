"""Relevance of site search on the shipped dataset: 100+ queries as visitors type them (both
languages, both scripts, pinyin, typos, alternative names, spotlight topics), each with what
should come first. Run on whichever database the suite runs on (SQLite by default, PostgreSQL
in CI); prints precision at 1 and mean reciprocal rank."""

import json
from pathlib import Path

import pytest

from sitesearch.engine import search

pytestmark = pytest.mark.django_db
QUERIES = json.loads((Path(__file__).parent / "relevance.json").read_text())
MIN_PRECISION_AT_1 = 0.95
MIN_MRR = 0.97


def ranks():
    """{query: rank of the first expected result (1-based), or None}."""
    found = {}
    for case in QUERIES:
        keys = [f"{hit.entry.kind}:{hit.entry.slug}" for hit in search(case["q"])]
        positions = [keys.index(key) + 1 for key in case["expect"] if key in keys]
        found[case["q"]] = min(positions) if positions else None
    return found


def test_the_relevance_set_is_large_enough():
    assert len(QUERIES) >= 80
    assert len({case["q"] for case in QUERIES}) == len(QUERIES)


def test_precision_at_one_and_mean_reciprocal_rank(django_db_blocker, capsys):
    found = ranks()
    precision = sum(rank == 1 for rank in found.values()) / len(found)
    mrr = sum(1 / rank for rank in found.values() if rank) / len(found)
    misses = {query: rank for query, rank in found.items() if rank != 1}
    with capsys.disabled():
        print(f"\nsite search: P@1 {precision:.3f}, MRR {mrr:.3f} over {len(found)} queries")  # noqa: T201
        for query, rank in misses.items():
            print(f"  not first: {query!r} (rank {rank})")  # noqa: T201
    assert precision >= MIN_PRECISION_AT_1, misses
    assert mrr >= MIN_MRR, misses
