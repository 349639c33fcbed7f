"""Lighthouse scores of the public pages as the production stack serves them, against 95 in each
category, with the audits that cost points (README, "Checked in a real browser")."""

import argparse
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time

from bench import server, services
from bench.common import HOST, REPO, RESULTS_DIR, BenchError, run_program, say, write_record

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
DATABASE, REDIS_DB = "c40_bench_lighthouse", 13
PAGE_TIMEOUT = 180
KINDS = ("home", "directory", "city", "spotlight")
LANGUAGES = ("en", "zh-hans")
PAGES = tuple(f"{kind}-{language}" for kind in KINDS for language in LANGUAGES)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95
AUDIT_PASS_SCORE = 0.9  # from which Lighthouse's own report shows an audit as passed
UNSCORED_MODES = {"notApplicable", "manual", "informative"}


def page_selection(text):
    """Page names from "home-en,city": a kind alone means both of its languages."""
    chosen = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        names = [f"{item}-{language}" for language in LANGUAGES] if item in KINDS else [item]
        if any(name not in PAGES for name in names):
            raise argparse.ArgumentTypeError(
                f"unknown page {item!r}: choose from {', '.join(KINDS + PAGES)}"
            )
        chosen += names
    if not chosen:
        raise argparse.ArgumentTypeError("no page named")
    return [name for name in PAGES if name in chosen]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__)
    add = parser.add_argument
    add("--port", type=int, default=8310, help="gunicorn's port (default 8310)")
    add("--urls", type=page_selection, default=list(PAGES), help="e.g. home,city-zh-hans")
    add("--preset", choices=("mobile", "desktop"), default="mobile", help="default mobile")
    return parser.parse_args(argv)


def to_percent(score):
    """A 0–1 score as Lighthouse displays it (JavaScript's Math.round: 0.945 -> 95)."""
    return None if score is None else math.floor(score * 100 + 0.5)


def category_scores(report):
    """Each category's score out of 100; None when Lighthouse could not score it."""
    categories = report.get("categories", {})
    return {name: to_percent(categories.get(name, {}).get("score")) for name in CATEGORIES}


def verdict(score):
    return "ERROR" if score is None else "PASS" if score >= TARGET else "FAIL"


def is_scored(result):
    return "ERROR" not in result["verdicts"].values()


def failing_audits(report, category):
    """The category's audits Lighthouse shows as failed, those weighing most first."""
    audits, failing = report.get("audits", {}), []
    for reference in report.get("categories", {}).get(category, {}).get("auditRefs", []):
        audit = audits.get(reference["id"], {})
        mode, score = audit.get("scoreDisplayMode"), audit.get("score")
        scored = mode not in UNSCORED_MODES and score is not None
        if mode == "error" or (scored and score < AUDIT_PASS_SCORE):
            failing.append(
                {
                    "id": reference["id"],
                    "title": audit.get("title", reference["id"]),
                    "score": score,
                    "weight": reference.get("weight", 0),
                    "display_value": audit.get("displayValue") or audit.get("errorMessage", ""),
                }
            )
    return sorted(failing, key=lambda audit: (-audit["weight"], audit["score"] or 0))


def page_result(url, report):
    """Scores, verdicts and, for each category under the target, its failing audits."""
    scores = category_scores(report)
    verdicts = {category: verdict(score) for category, score in scores.items()}
    return {
        "url": url,
        "scores": scores,
        "verdicts": verdicts,
        "failing_audits": {
            category: failing_audits(report, category)
            for category, found in verdicts.items()
            if found != "PASS"
        },
        "run_warnings": report.get("runWarnings", []),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
    }


def failures_by_audit(results):
    """{category: {audit id: {"title", "pages": {page: display value}}}} over every page."""
    grouped = {}
    for page, result in results.items():
        for category, audits in result["failing_audits"].items():
            for audit in audits:
                entry = grouped.setdefault(category, {}).setdefault(
                    audit["id"], {"title": audit["title"], "pages": {}}
                )
                entry["pages"][page] = audit["display_value"]
    return grouped


def print_table(results):
    def cell(score):
        return f"{'-' if score is None else score:>3} {verdict(score):<5}"

    say(f"\nLighthouse scores (target >= {TARGET} in each category)")
    say((f"  {'page':<18}" + "".join(f"{category:<16}" for category in CATEGORIES)).rstrip())
    for page, result in results.items():
        cells = "".join(f"{cell(result['scores'][category]):<16}" for category in CATEGORIES)
        say(f"  {page:<18}{cells}".rstrip())


def print_failures(results):
    if grouped := failures_by_audit(results):
        say(f"\nFailing audits of the categories under {TARGET}")
    for category in CATEGORIES:
        for audit_id, entry in grouped.get(category, {}).items():
            say(f"  {category}: {audit_id} — {entry['title']}")
            pages = [
                f"{page} ({value})" if value else page for page, value in entry["pages"].items()
            ]
            say(f"      {', '.join(pages)}")


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


def run_lighthouse(url, report_path, preset, node_version):
    """Lighthouse's JSON report on `url`; a BenchError if Lighthouse fails."""
    major = int(node_version.removeprefix("v").split(".")[0] or 0)
    preload = ["--require", str(ITERATOR_HELPERS)] if major < 22 else []
    command = ["node", *preload, str(LIGHTHOUSE_CLI), url, "--quiet", "--output=json"]
    command += [f"--output-path={report_path}", f"--only-categories={','.join(CATEGORIES)}"]
    command += [f"--chrome-flags={CHROME_FLAGS}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    process = server.start(command, subprocess.PIPE, cwd=NPM_DIR, env=env, text=True)
    try:
        output, _ = process.communicate(timeout=PAGE_TIMEOUT)
    except BaseException:  # a timeout, Ctrl-C or SIGTERM: Chromium must not stay behind
        server.stop(process, signal.SIGINT, timeout=20)  # as on Ctrl-C: Lighthouse closes it
        raise
    if process.returncode != 0 or not report_path.exists():
        raise BenchError(f"Lighthouse failed on {url} ({process.returncode}):\n{output[-3000:]}")
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        raise BenchError(f"Lighthouse failed on {url}: {report['runtimeError']}")
    return report


def run_twice(url, report_path, preset, node_version):
    """Lighthouse at most twice: its trace recording fails now and then (NO_NAVSTART: "Please
    run Lighthouse again"), which says nothing about the page."""
    try:
        return run_lighthouse(url, report_path, preset, node_version)
    except BenchError as error:
        say(f"  {url}: {str(error).splitlines()[-1]}; running Lighthouse again")
        return run_lighthouse(url, report_path, preset, node_version)


def in_language(english_path, language):
    return f"/{language}/{english_path.removeprefix('/en/')}"


def measure(options, env, node_version):
    """Serve the site with gunicorn, then run Lighthouse on each chosen page in turn: the
    results and the errors."""
    services.load_data(env, DATABASE)
    english = {"home": "/en/", "directory": "/en/cities/", "city": "/en/cities/london/"}
    english["spotlight"] = services.bench_site(env)["spotlight"]  # one of London's
    urls = {}
    for name in options.urls:
        kind, language = name.split("-", 1)
        urls[name] = f"http://{HOST}:{options.port}" + in_language(english[kind], language)
    services.flush_redis(REDIS_DB)
    SERVER_LOG.write_text("")
    results, errors = {}, {}
    with server.running_server(env, options.port, SERVER_LOG):
        server.check_urls(urls)
        say(f"Lighthouse ({options.preset}) on {len(urls)} pages, one after another")
        for name, url in urls.items():
            started = time.perf_counter()
            report_path = REPORTS_DIR / f"{name}.json"
            report_path.unlink(missing_ok=True)
            try:
                report = run_twice(url, report_path, options.preset, node_version)
            except (BenchError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
                errors[name] = str(error)
                say(f"  {name:<18} error: {error}")
                continue
            seconds = round(time.perf_counter() - started, 1)
            results[name] = {**page_result(url, report), "seconds": seconds}
            scores = "  ".join(f"{key} {score}" for key, score in results[name]["scores"].items())
            say(f"  {name:<18} {results[name]['seconds']:>5.1f}s  {scores}")
    return results, errors


def run(options, command_line):
    say(f"Command:  {command_line}")
    lighthouse = ensure_lighthouse()  # node is installed
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    versions = {
        "lighthouse": lighthouse,
        "node": node.stdout.strip(),
        "postgresql": services.check_postgres(),
        "redis": str(services.redis_info(REDIS_DB, "server")["redis_version"]),
    }
    say("Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with services.stack(DATABASE, REDIS_DB) as env:
        results, errors = measure(options, env, versions["node"])
    print_table(results)
    print_failures(results)
    write_record(
        RESULTS_DIR / "lighthouse.json",
        command_line,
        started,
        preset=options.preset,
        target=TARGET,
        versions=versions,
        pages=results,
        errors=errors,
    )
    if unscored := [*errors, *(page for page, result in results.items() if not is_scored(result))]:
        raise BenchError(f"Lighthouse gave no score on: {', '.join(unscored)}")


def main(argv=None):
    return run_program("bench.lighthouse", run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
