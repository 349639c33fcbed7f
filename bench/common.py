"""What every benchmark program shares: its error, options, verdicts, JSON record and exit."""

import argparse
import json
import re
import shlex
import signal
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
HOST = "127.0.0.1"
# The database is dropped and recreated: a name without "bench" could be a real one.
BENCH_DATABASE_NAME = re.compile(r"^[a-z0-9_]*bench[a-z0-9_]*$")
VERDICTS = {True: "PASS", False: "FAIL", None: "n/a "}


class BenchError(Exception):
    """A failure of the harness itself (not a missed target): the run exits non-zero."""


def say(text=""):
    print(text, flush=True)  # noqa: T201  (flushed: progress shows during long runs)


def positive(text):
    if (value := int(text)) < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def bench_database(text):
    if not BENCH_DATABASE_NAME.match(text):
        raise argparse.ArgumentTypeError(
            "it is dropped and recreated, so its name must be lowercase and contain 'bench'"
        )
    return text


def stack_parser(program, doc, *, port, database, redis_db, port_help="gunicorn's port"):
    """The program's options, starting with where the production stack runs."""
    parser = argparse.ArgumentParser(prog=f"python -m {program}", description=doc)
    add = parser.add_argument
    add("--port", type=positive, default=port, help=f"{port_help} (default {port})")
    add("--database", type=bench_database, default=database, help=f"default {database}")
    add("--redis-db", type=int, default=redis_db, help=f"Redis database, flushed ({redis_db})")
    add("--keep", action="store_true", help="keep the database at the end")
    return parser


def parse_wrk_args(parser, argv, connections_option):
    """The options, with wrk's threads, each needing a connection of its own."""
    parser.add_argument("--threads", type=positive, default=2, help="wrk threads (default 2)")
    options = parser.parse_args(argv)
    if options.threads > getattr(options, connections_option):
        parser.error("--threads cannot exceed the connections (wrk needs one per thread)")
    return options


def verdicts(*rows):
    """Each (target, value, passed) row as the JSON record states it."""
    return [{"target": target, "value": value, "passed": passed} for target, value, passed in rows]


def listed(pairs, separator=" "):
    """{"read": 2, "write": 0} (or its items) as "read 2, write 0"."""
    return ", ".join(f"{name}{separator}{value}" for name, value in dict(pairs).items())


def write_record(path, command_line, started, **findings):
    """The JSON record of one run: how it was started, when, and what it found."""
    record = {
        "command": command_line,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        **findings,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    say(f"\nResults written to {path}")


def conclude(path, checks, command_line, started, **findings):
    """Print PASS/FAIL for each check, write the record with them; those that failed (n/a,
    passed None, is not a failure)."""
    say("\nTargets")
    for check in checks:
        say(f"  {VERDICTS[check['passed']]}  {check['target']}: {check['value']}")
    write_record(path, command_line, started, **findings, targets=checks)
    return [check for check in checks if check["passed"] is not None and not check["passed"]]


def run_program(program, run, options):
    """`run(options, command_line)`; exit status 2 on a harness failure, 130 when stopped."""
    command_line = shlex.join([sys.executable, "-m", program, *sys.argv[1:]])
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up, as on Ctrl-C
    try:
        failures = run(options, command_line)
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
