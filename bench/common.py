"""What every benchmark program shares: its error, its output, its options and how it runs."""

import argparse
import re
import shlex
import signal
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
HOST = "127.0.0.1"
# The database is dropped and recreated: a name without "bench" could be a real one.
BENCH_DATABASE_NAME = re.compile(r"^[a-z0-9_]*bench[a-z0-9_]*$")


class BenchError(Exception):
    """A failure of the harness itself (not a missed target): the run exits non-zero."""


def say(text=""):
    """One line on standard output, flushed at once so progress shows during long runs."""
    print(text, flush=True)  # noqa: T201


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def bench_database(text):
    if not BENCH_DATABASE_NAME.match(text):
        raise argparse.ArgumentTypeError(
            "it is dropped and recreated, so its name must be lowercase and contain 'bench'"
        )
    return text


def add_stack_options(parser, *, port, database, redis_db, port_help="gunicorn's port"):
    """Where the production stack runs: port, database, Redis database."""
    add = parser.add_argument
    add("--port", type=positive, default=port, help=f"{port_help} (default {port})")
    add("--database", type=bench_database, default=database, help=f"default {database}")
    add("--redis-db", type=int, default=redis_db, help=f"Redis database, flushed ({redis_db})")
    add("--keep", action="store_true", help="keep the database at the end")


def parse_wrk_args(parser, argv, connections_option):
    """The options, with wrk's threads, each needing a connection of its own."""
    parser.add_argument("--threads", type=positive, default=2, help="wrk threads (default 2)")
    options = parser.parse_args(argv)
    if options.threads > getattr(options, connections_option):
        parser.error("--threads cannot exceed the connections (wrk needs one per thread)")
    return options


def run_program(program, run, options):
    """`run(options, command_line)`; exit status 2 on a harness failure, 130 when stopped."""
    command_line = shlex.join([sys.executable, "-m", program, *sys.argv[1:]])
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up, as on Ctrl-C
    try:
        failures = run(options, command_line) or []
    except BenchError as error:
        say(f"\n{program}: error: {error}")
        return 2
    except KeyboardInterrupt:
        say(f"\n{program}: interrupted")
        return 130
    if failures:
        say(f"\n{program}: FAILED ({len(failures)} of the targets above)")
        return 1
    return 0
