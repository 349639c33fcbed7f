"""The benchmark: how fast the production stack serves the public pages, on this machine.

For each directory size (98 real cities, plus generated ones up to N) it loads a fresh
PostgreSQL database, then runs gunicorn (production settings, Redis cache) three times:

- `nocache`: every page and fragment cache off (the first visitor after a publish),
- `cold`:    no whole-page cache, so each request renders; fragment caches as in production,
- `warm`:    production as deployed (whole-page cache, each page primed once).

Each time, wrk (a separate process) loads the bare Django view (the yardstick), the city
directory, a filtered directory, a city page and a spotlight page. Once per size, before the
modes, it also loads a minimal Django app (bench/minimal.py: no middleware, no apps) under the
same gunicorn configuration, the second yardstick. It prints req/s, p50 and p99 latency, errors
and req/s relative to the bare view ("× bare") and to the minimal app ("× django"), then
PASS/FAIL against the targets, and writes everything to bench/results/latest.json. Missed
targets still exit 0 (this is a measurement); a failure of the harness (no wrk, server not
starting, a page not 200) does not.

Run: `make bench BENCH_ARGS="--sizes 98 --duration 5"`
  or `.venv/bin/python -m bench --sizes 98 --duration 5` (default: --sizes 98,1000,10000).
"""

import argparse
import secrets
import sys
import time

from bench import report, server, services
from bench.common import (
    HOST,
    RESULTS_DIR,
    add_stack_options,
    parse_wrk_args,
    positive,
    run_program,
    say,
)
from bench.services import REAL_CITIES
from bench.wrk import ensure_wrk, run_wrk

MODES = {
    "nocache": {"C40_PAGE_CACHE_SECONDS": "0"},
    "cold": {"BENCH_PAGE_MIDDLEWARE": "off"},
    "warm": {},
}
PAGES = {
    "bare": "/bench/bare/",
    "directory": "/en/cities/",
    "filtered": "/en/cities/?region=europe&initiative=energy&q=an",
    "city": "/en/cities/london/",
}


def city_counts(text):
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < REAL_CITIES:
        raise argparse.ArgumentTypeError(f"sizes are total city counts, each >= {REAL_CITIES}")
    return list(dict.fromkeys(sizes))


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    add = parser.add_argument
    add("--sizes", type=city_counts, default=[98, 1000, 10000], help="e.g. 98,1000,10000")
    add("--duration", type=positive, default=10, help="seconds of load per URL (default 10)")
    add("--connections", type=positive, default=50, help="open connections (default 50)")
    add_stack_options(parser, port=8200, database="c40_bench", redis_db=14)
    return parse_wrk_args(parser, argv, "connections")


def measure(wrk, options, urls):
    rows = {}
    for name, url in urls.items():
        server.drain(options.port)
        parsed, _output = run_wrk(
            wrk,
            url,
            threads=options.threads,
            connections=options.connections,
            duration=options.duration,
        )
        rows[name] = {"url": url, **parsed}
    return rows


def bench_minimal(wrk, options, env):
    """One gunicorn run of the minimal Django app (same config, so same workers): its row."""
    url = f"http://{HOST}:{options.port}{server.READY_PATH}"
    log_path = RESULTS_DIR / "gunicorn.log"
    minimal_env = {**env, "DJANGO_SETTINGS_MODULE": server.MINIMAL_APP}
    with server.running_server(minimal_env, options.port, log_path, app=server.MINIMAL_APP):
        server.check_urls({"django": url})
        return measure(wrk, options, {"django": url})["django"]


def bench_mode(wrk, options, env, mode, urls, django_rate):
    """One gunicorn run in `mode`, on an empty Redis database: each URL measured, with its
    ratios to the bare view and to the minimal app's `django_rate`."""
    services.flush_redis(options.redis_db)
    log_path = RESULTS_DIR / "gunicorn.log"
    with server.running_server({**env, **MODES[mode]}, options.port, log_path):
        server.check_urls(urls)  # 200 each; in `warm`, also the priming request
        if mode == "warm":
            check_primed(urls)
        rows = measure(wrk, options, urls)
    report.add_ratios(rows, django_rate)
    return rows


def check_primed(urls):
    """Warn if a page is not served from the page cache after its priming request."""
    states = server.check_urls(urls)
    missed = [name for name, state in states.items() if name != "bare" and state != "hit"]
    if missed:
        say(f"  warning: not served from the page cache after priming: {', '.join(missed)}")


def bench_size(wrk, options, env, size):
    """Load `size` cities, measure the minimal Django app, then every mode."""
    load_seconds = services.load_data(env, options.database, size)
    base = f"http://{HOST}:{options.port}"
    paths = {**PAGES, "spotlight": services.bench_site(env)["spotlight"]}
    urls = {name: base + path for name, path in paths.items()}
    minimal = bench_minimal(wrk, options, env)
    report.print_table(
        size, "minimal (Django, no middleware, no apps)", report.minimal_rows(minimal)
    )
    modes = {}
    for mode in MODES:
        modes[mode] = bench_mode(wrk, options, env, mode, urls, minimal["requests_per_second"])
        report.print_table(size, mode, modes[mode])
    return {"load_seconds": load_seconds, "urls": urls, "minimal": minimal, "modes": modes}


def run(options, command_line):
    wrk, machine = ensure_wrk(), services.stack_machine(options.redis_db)
    report.print_machine(machine, command_line)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "gunicorn.log").write_text("")
    env = services.django_env(
        database=options.database,
        redis_db=options.redis_db,
        secret_key=secrets.token_urlsafe(50),
    )
    started = time.time()
    results = {}
    try:
        services.prepare_files(env)
        for size in options.sizes:
            results[size] = bench_size(wrk, options, env, size)
    finally:
        services.clean_up(options.database, options.redis_db, keep_database=options.keep)
    checks = report.evaluate_targets(results)
    report.print_summary(checks)
    document = report.run_document(
        command_line=command_line,
        started=started,
        machine=machine,
        options=options,
        results={str(size): result for size, result in results.items()},
        targets=checks,
    )
    report.write_json(RESULTS_DIR / "latest.json", document)


def main(argv=None):
    return run_program("bench", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
