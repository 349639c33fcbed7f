"""Command-line options the benchmark programs share (bench, bench.load)."""

import argparse

from bench import services


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def bench_database(text):
    if not services.BENCH_DATABASE_NAME.match(text):
        raise argparse.ArgumentTypeError(
            "it is dropped and recreated, so its name must be lowercase and contain 'bench'"
        )
    return text


def add_stack_options(parser, *, port, database, redis_db):
    """wrk's threads, and where the production stack runs: port, database, Redis database."""
    add = parser.add_argument
    add("--threads", type=positive, default=2, help="wrk threads (default 2)")
    add("--port", type=positive, default=port, help=f"gunicorn's port (default {port})")
    add("--database", type=bench_database, default=database, help=f"default {database}")
    add("--redis-db", type=int, default=redis_db, help=f"Redis database, flushed ({redis_db})")
    add("--keep", action="store_true", help="keep the database at the end")


def check_threads(parser, options, connections):
    if options.threads > connections:
        parser.error("--threads cannot exceed the connections (wrk needs one per thread)")
