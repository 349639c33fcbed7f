"""bench/search.py measures what it says, and every search costs the same few SQL queries."""

import pytest

from bench.search import measure

pytestmark = pytest.mark.django_db


def test_the_search_benchmark_reports_latency_and_a_constant_query_count():
    result = measure(rounds=1, clients=(1, 2))
    assert result["entries"] > 98 + 97
    # At most the spotlight text, and again for some of the words when nothing held them all
    # ("flooded streets"), whatever the query; none when names fill the results.
    assert max(result["queries_per_search"]) == 2
    for clients in (1, 2, "suggestions"):
        assert result[clients]["searches"] > 0
        assert 0 < result[clients]["median_ms"] <= result[clients]["p99_ms"]
