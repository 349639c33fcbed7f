"""Lighthouse scores of the public pages, as the production stack serves them.

It loads the dataset into a fresh PostgreSQL database, starts gunicorn (production settings,
Redis page cache, each page primed once), then runs Lighthouse (pinned in
bench/lighthouse_npm/, installed there with `npm ci` on first use) on Debian's Chromium,
one page after another: home, directory, a city and a spotlight, in English and Chinese.
It prints performance, accessibility, best-practices and SEO scores with PASS/FAIL against
95, the failing audits of each category under 95, and writes bench/results/lighthouse.json
(each page's full Lighthouse report goes to bench/results/lighthouse-reports/). Low scores
still exit 0 (this is a measurement); a failure of the harness or of Lighthouse does not.

Run: `.venv/bin/python -m bench.lighthouse` (mobile, as Lighthouse's default)
  or `.venv/bin/python -m bench.lighthouse --preset desktop --urls city,home-en`.
"""

import argparse
import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time

from bench import report, server, services
from bench.common import HOST, REPO, RESULTS_DIR, BenchError, run_program, say
from bench.lighthouse_report import (
    CATEGORIES,
    TARGET,
    is_scored,
    page_result,
    print_failures,
    print_table,
)

NPM_DIR = REPO / "bench" / "lighthouse_npm"
NODE_MODULES = NPM_DIR / "node_modules"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
# Lighthouse 13 calls iterator helpers (Node >= 22); on Node 20 three of its performance
# insights would fail without these from core-js.
ITERATOR_HELPERS = NODE_MODULES / "core-js" / "es" / "iterator" / "index.js"
CHROMIUM = "/usr/bin/chromium"
# The resolver rule stops Chromium's background look-ups of outside hosts.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run "
    "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"
)
REPORTS_DIR = RESULTS_DIR / "lighthouse-reports"
SERVER_LOG = RESULTS_DIR / "gunicorn-lighthouse.log"
DATABASE = "c40_bench_lighthouse"  # dropped and recreated: "bench" marks it as throwaway
REDIS_DB = 13
CITY = "london"  # prepare_bench_site names one of London's spotlights
PAGE_TIMEOUT = 180
KINDS = ("home", "directory", "city", "spotlight")
LANGUAGES = ("en", "zh-hans")
PAGES = tuple(f"{kind}-{language}" for kind in KINDS for language in LANGUAGES)


def page_selection(text):
    """Page names from "home-en,city": a kind alone means both of its languages."""
    chosen = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        names = [f"{item}-{language}" for language in LANGUAGES] if item in KINDS else [item]
        unknown = [name for name in names if name not in PAGES]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown page {item!r}: choose from {', '.join(KINDS + PAGES)}"
            )
        chosen += names
    if not chosen:
        raise argparse.ArgumentTypeError("no page named")
    return [name for name in PAGES if name in chosen]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m bench.lighthouse", description=__doc__.split("\n")[0]
    )
    add = parser.add_argument
    add("--port", type=int, default=8310, help="gunicorn's port (default 8310)")
    add("--urls", type=page_selection, default=list(PAGES), help="e.g. home,city-zh-hans")
    add("--preset", choices=("mobile", "desktop"), default="mobile", help="default mobile")
    return parser.parse_args(argv)


def installed_version(package):
    manifest = NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else None


def ensure_lighthouse():
    """The pinned npm packages in bench/lighthouse_npm/node_modules (`npm ci` when not)."""
    for program in ("node", "npm"):
        if not shutil.which(program):
            raise BenchError(f"{program} is not installed (Debian: apt-get install nodejs npm).")
    if not os.access(CHROMIUM, os.X_OK):
        raise BenchError(f"{CHROMIUM} is missing: run `make env` (scripts/setup-env.sh).")
    pinned = json.loads((NPM_DIR / "package.json").read_text())["dependencies"]
    if any(installed_version(package) != version for package, version in pinned.items()):
        say(f"Installing Lighthouse {pinned['lighthouse']} into {NODE_MODULES} (npm ci)")
        command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        done = subprocess.run(
            command, cwd=NPM_DIR, capture_output=True, text=True, timeout=600, check=False
        )
        if done.returncode != 0:
            raise BenchError(f"`npm ci` failed in {NPM_DIR}:\n{done.stdout}{done.stderr}")
    return pinned["lighthouse"]


@functools.cache
def node_version():
    done = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def lighthouse_command():
    """Node running Lighthouse; below Node 22, with core-js's iterator helpers loaded first."""
    major = int(node_version().removeprefix("v").split(".")[0] or 0)
    preload = ["--require", str(ITERATOR_HELPERS)] if major < 22 else []
    return ["node", *preload, str(LIGHTHOUSE_CLI)]


def in_language(english_path, language):
    return f"/{language}/{english_path.removeprefix('/en/')}"


def page_urls(env, port, names):
    english = {
        "home": "/en/",
        "directory": "/en/cities/",
        "city": f"/en/cities/{CITY}/",
        "spotlight": services.bench_site(env)["spotlight"],
    }
    base = f"http://{HOST}:{port}"
    urls = {}
    for kind in KINDS:
        for language in LANGUAGES:
            urls[f"{kind}-{language}"] = base + in_language(english[kind], language)
    return {name: urls[name] for name in names}


def stop_lighthouse(process):
    """SIGINT, as on Ctrl-C: Lighthouse then closes the Chromium it started (own session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_lighthouse(url, report_path, preset):
    """Lighthouse's JSON report on `url`; a BenchError if Lighthouse fails."""
    command = [*lighthouse_command(), url, "--quiet", "--output=json"]
    command.append(f"--output-path={report_path}")
    command += [f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    process = subprocess.Popen(
        command,
        cwd=NPM_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=PAGE_TIMEOUT)
    except BaseException:  # a timeout, Ctrl-C or SIGTERM: Chromium must not stay behind
        stop_lighthouse(process)
        raise
    if process.returncode != 0 or not report_path.exists():
        raise BenchError(f"Lighthouse failed on {url} ({process.returncode}):\n{output[-3000:]}")
    lighthouse_report = json.loads(report_path.read_text())
    if lighthouse_report.get("runtimeError"):
        raise BenchError(f"Lighthouse failed on {url}: {lighthouse_report['runtimeError']}")
    return lighthouse_report


def measure(urls, preset):
    """Each page in turn: its result, or its error."""
    results, errors = {}, {}
    for name, url in urls.items():
        started = time.perf_counter()
        report_path = REPORTS_DIR / f"{name}.json"
        report_path.unlink(missing_ok=True)
        try:
            results[name] = page_result(url, run_lighthouse(url, report_path, preset))
        except (BenchError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
            errors[name] = str(error)
            say(f"  {name:<18} error: {error}")
            continue
        results[name]["seconds"] = round(time.perf_counter() - started, 1)
        scores = "  ".join(f"{key} {score}" for key, score in results[name]["scores"].items())
        say(f"  {name:<18} {results[name]['seconds']:>5.1f}s  {scores}")
    return results, errors


def measure_site(options, env):
    """Load the site, serve it with gunicorn and run Lighthouse on each chosen page."""
    say(f"Loading the dataset into {DATABASE}, collectstatic, compilemessages")
    services.load_data(env, DATABASE)
    services.prepare_files(env)
    urls = page_urls(env, options.port, options.urls)
    services.flush_redis(REDIS_DB)
    SERVER_LOG.write_text("")
    with server.running_server(env, options.port, SERVER_LOG):
        server.check_urls(urls)  # each page answers 200 and is primed in the page cache
        say(f"Lighthouse ({options.preset}) on {len(urls)} pages, one after another")
        return measure(urls, options.preset)


def check_machine():
    """Lighthouse, Node, PostgreSQL and Redis: their versions."""
    return {
        "lighthouse": ensure_lighthouse(),
        "node": node_version(),
        "postgresql": services.check_postgres(),
        "redis": str(services.redis_info(REDIS_DB, "server")["redis_version"]),
    }


def run(options, command_line):
    say(f"Command:  {command_line}")
    versions = check_machine()
    say("Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    env = services.django_env(
        database=DATABASE, redis_db=REDIS_DB, secret_key=secrets.token_urlsafe(50)
    )
    started = time.time()
    try:
        results, errors = measure_site(options, env)
    finally:
        services.clean_up(DATABASE, REDIS_DB)
    print_table(results)
    print_failures(results)
    document = {
        "command": command_line,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "preset": options.preset,
        "target": TARGET,
        "versions": versions,
        "pages": results,
        "errors": errors,
    }
    report.write_json(RESULTS_DIR / "lighthouse.json", document)
    unscored = [*errors, *(page for page, result in results.items() if not is_scored(result))]
    if unscored:
        raise BenchError(f"Lighthouse gave no score on: {', '.join(unscored)}")


def main(argv=None):
    return run_program("bench.lighthouse", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
