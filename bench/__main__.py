"""The benchmark: req/s and latency of the production stack's public pages, per directory size
and page-cache mode, against the bare view and Django alone (README, "Performance")."""

import argparse
import sys
import time

from bench import report, server, services
from bench.common import (
    HOST,
    RESULTS_DIR,
    conclude,
    parse_wrk_args,
    positive,
    run_program,
    say,
    stack_parser,
)
from bench.wrk import ensure_wrk, run_wrk

MODES = {
    "nocache": {"C40_PAGE_CACHE_SECONDS": "0"},  # every page and fragment cache off
    "cold": {"BENCH_PAGE_MIDDLEWARE": "off"},  # each request renders; fragment caches on
    "warm": {},  # as deployed, each page primed once
}
PAGES = {
    "bare": "/bench/bare/",
    "directory": "/en/cities/",
    "filtered": "/en/cities/?region=europe&initiative=energy&q=an",
    "city": "/en/cities/london/",
}
LOG = RESULTS_DIR / "gunicorn.log"


def city_counts(text):
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < services.REAL_CITIES:
        raise argparse.ArgumentTypeError(
            f"sizes are total city counts, each >= {services.REAL_CITIES}"
        )
    return list(dict.fromkeys(sizes))


def parse_args(argv):
    parser = stack_parser("bench", __doc__, port=8200, database="c40_bench", redis_db=14)
    add = parser.add_argument
    add("--sizes", type=city_counts, default=[98, 1000, 10000], help="e.g. 98,1000,10000")
    add("--duration", type=positive, default=10, help="seconds of load per URL (default 10)")
    add("--connections", type=positive, default=50, help="open connections (default 50)")
    return parse_wrk_args(parser, argv, "connections")


def measure(wrk, options, env, urls, *, app="c40site.wsgi", primed=False):
    """One gunicorn run of `app`: each URL answers 200 once (priming the page cache, so a
    `primed` run warns of a page not then served from it), then wrk's report on each."""
    with server.running_server(env, options.port, LOG, app=app):
        server.check_urls(urls)
        if primed:
            states = server.check_urls(urls)
            missed = [name for name, state in states.items() if name != "bare" and state != "hit"]
            if missed:
                say(f"  warning: not from the page cache after priming: {', '.join(missed)}")
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


def bench_size(wrk, options, env, size):
    """Load `size` cities, measure the minimal Django app, then every mode."""
    load_seconds = services.load_data(env, options.database, size)
    base = f"http://{HOST}:{options.port}"
    paths = {**PAGES, "spotlight": services.bench_site(env)["spotlight"]}
    urls = {name: base + path for name, path in paths.items()}
    minimal_env = {**env, "DJANGO_SETTINGS_MODULE": server.MINIMAL_APP}
    ready = {"django": base + server.READY_PATH}
    minimal = measure(wrk, options, minimal_env, ready, app=server.MINIMAL_APP)["django"]
    row = {"django": {**minimal, "ratio_to_bare": None, "ratio_to_django": 1.0}}
    report.print_table(size, "minimal (Django, no middleware, no apps)", row)
    modes = {}
    for mode, mode_env in MODES.items():
        services.flush_redis(options.redis_db)
        modes[mode] = measure(wrk, options, {**env, **mode_env}, urls, primed=mode == "warm")
        report.add_ratios(modes[mode], minimal["requests_per_second"])
        report.print_table(size, mode, modes[mode])
    return {"load_seconds": load_seconds, "urls": urls, "minimal": minimal, "modes": modes}


def run(options, command_line):
    """The benchmark; missed targets still exit 0, as it is a measurement."""
    wrk, machine = ensure_wrk(), services.stack_machine(options.redis_db, command_line)
    LOG.parent.mkdir(parents=True, exist_ok=True)
    LOG.write_text("")
    started = time.time()
    with services.stack(options.database, options.redis_db, options.keep) as env:
        results = {size: bench_size(wrk, options, env, size) for size in options.sizes}
    conclude(
        RESULTS_DIR / "latest.json",
        report.evaluate_targets(results),
        command_line,
        started,
        machine=machine,
        options=vars(options),
        results={str(size): result for size, result in results.items()},
    )


def main(argv=None):
    return run_program("bench", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
