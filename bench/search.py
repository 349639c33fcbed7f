"""Site search latency: the relevance queries (tests/sitesearch/relevance.json), uncached, run
in process against the database DATABASE_URL names, with one client and with 20 at once, and
the number of SQL queries each search makes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/c40_search DJANGO_DEBUG=true \\
        .venv/bin/python manage.py generate_cities 10000   # once: 20 000 spotlights too
    DATABASE_URL=… DJANGO_DEBUG=true .venv/bin/python -m bench.search

Prints the index build time (once per content change), then median and p99 per client count,
and for suggestions (each beginning of each query, as typed, six results a time).
Twenty clients are twenty threads of one process: what one server process does when twenty
searches arrive together.

    DATABASE_URL=… .venv/bin/python -m bench.search --http

measures the same through HTTP instead: gunicorn as deployed (cores + 1 processes, production
settings, page cache off so every answer is searched afresh) asked `/api/v1/search/?q=` by one
client, then by twenty at once.
"""

import argparse
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

QUERIES = Path(__file__).resolve().parents[1] / "tests" / "sitesearch" / "relevance.json"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed_searches(search, queries):
    from django.db import connections

    times = []
    try:
        for query in queries:
            started = time.perf_counter()
            search(query)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        connections.close_all()  # this thread's own connections
    return times


def measure(rounds=3, clients=(1, 20)):
    """{"build_ms", "entries", "queries_per_search", clients: {"median_ms", "p99_ms"}}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sitesearch import engine, index

    started = time.perf_counter()
    built = index.build()
    result = {"build_ms": (time.perf_counter() - started) * 1000, "entries": len(built.entries)}
    engine.current_index = lambda: built  # measure searching, not rebuilding
    queries = [case["q"] for case in json.loads(QUERIES.read_text())]
    with CaptureQueriesContext(connection) as captured:
        engine.search(queries[0])
    counts = set()
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            engine.search(query)
        counts.add(len(captured))
    result["queries_per_search"] = sorted(counts)
    # Suggestions: every beginning of each query as it is typed, six results a time.
    typed = [query[:end] for query in queries for end in range(2, len(query) + 1)]
    times = timed_searches(lambda query: engine.search(query, limit=6), typed)
    result["suggestions"] = {
        "median_ms": statistics.median(times),
        "p99_ms": percentile(times, 0.99),
        "searches": len(times),
    }
    for count in clients:
        work = [queries] * (rounds * count)
        with ThreadPoolExecutor(max_workers=count) as pool:
            times = [
                ms
                for batch in pool.map(lambda qs: timed_searches(engine.search, qs), work)
                for ms in batch
            ]
        result[count] = {
            "median_ms": statistics.median(times),
            "p99_ms": percentile(times, 0.99),
            "searches": len(times),
        }
    return result


def http_times(base, queries, rounds):
    import requests

    with requests.Session() as session:
        times = []
        for query in queries * rounds:
            started = time.perf_counter()
            response = session.get(f"{base}/api/v1/search/", params={"q": query}, timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{query!r}: {response.status_code}")
    return times


def measure_http(rounds=3, clients=(1, 20), port=8230):
    """{clients: {"median_ms", "p99_ms", "searches"}} through gunicorn on the same database."""
    from urllib.parse import urlsplit

    from bench import server, services
    from bench.common import HOST, RESULTS_DIR

    database = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    queries = [case["q"] for case in json.loads(QUERIES.read_text())]
    base = f"http://{HOST}:{port}"
    result = {}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with services.stack(database, redis_db=13, keep_database=True) as env:
        env["C40_PAGE_CACHE_SECONDS"] = "0"
        with server.running_server(env, port, RESULTS_DIR / "search-gunicorn.log"):
            # Each process builds its own index at its first search: not what is measured.
            with ThreadPoolExecutor(max_workers=20) as pool:
                list(pool.map(lambda _n: http_times(base, queries[:3], 1), range(40)))
            for count in clients:
                started = time.perf_counter()
                with ThreadPoolExecutor(max_workers=count) as pool:
                    batches = pool.map(lambda _n: http_times(base, queries, rounds), range(count))
                    times = [ms for batch in batches for ms in batch]
                result[count] = {
                    "per_second": len(times) / (time.perf_counter() - started),
                    "median_ms": statistics.median(times),
                    "p99_ms": percentile(times, 0.99),
                    "searches": len(times),
                }
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each client runs the set")
    parser.add_argument(
        "--http", action="store_true", help="through gunicorn's processes, not in process"
    )
    options = parser.parse_args(argv)
    if options.http:
        for count, row in measure_http(options.rounds).items():
            print(  # noqa: T201
                f"HTTP, {count:2} client(s): median {row['median_ms']:.1f} ms, "
                f"p99 {row['p99_ms']:.1f} ms over {row['searches']} searches "
                f"({row['per_second']:.0f} a second)"
            )
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "c40site.settings")
    import django

    django.setup()
    from cities.models import City
    from spotlights.models import Spotlight

    result = measure(options.rounds)
    print(f"{City.objects.count()} cities, {Spotlight.objects.published().count()} spotlights")  # noqa: T201
    print(f"index built in {result['build_ms']:.0f} ms ({result['entries']} entries)")  # noqa: T201
    print(f"SQL queries per search: {result['queries_per_search']}")  # noqa: T201
    for name, label in ((1, " 1 client"), (20, "20 clients"), ("suggestions", "suggestions")):
        row = result[name]
        print(  # noqa: T201
            f"{label}: median {row['median_ms']:.1f} ms, "
            f"p99 {row['p99_ms']:.1f} ms over {row['searches']} searches"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
