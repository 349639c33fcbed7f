"""What the benchmark prints and writes: the machine, one table per run, the targets."""

import json
import os
import platform
import time
from pathlib import Path

from bench.common import say

COLD_MIN_RATIO = 0.25  # directory, page cache cold, req/s against the bare view
WARM_MIN_RATIO = 0.85  # directory, page cache warm
# directory, page cache warm, against Django alone (bench/minimal.py: no middleware, no apps)
WARM_MIN_DJANGO_RATIO = 0.85
P99_LIMIT_MS = {"warm": 100.0, "cold": 400.0}
SCALING_MAX = 1.5  # largest size's cold time per request against the smallest size's


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info(*, python_version, django_version, postgres_version, redis_version):
    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": python_version,
        "django": django_version,
        "postgresql": postgres_version,
        "redis": redis_version,
        "gunicorn_workers": os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1,
        "gunicorn_threads": os.environ.get("C40_THREADS") or 4,
    }


def print_machine(machine, command_line):
    say(f"Command:    {command_line}")
    say(f"Machine:    {machine['cores']} cores, {machine['cpu_model']}")
    say(
        f"Software:   Python {machine['python']}, Django {machine['django']}, "
        f"PostgreSQL {machine['postgresql']}, Redis {machine['redis']}"
    )
    workers, threads = machine["gunicorn_workers"], machine["gunicorn_threads"]
    say(f"gunicorn:   {workers} processes × {threads} threads")


def ratio(rate, yardstick):
    return rate / yardstick if yardstick else None


def add_ratios(rows, django_rate=None):
    """Each row's req/s divided by the bare view's, from the same server run, and by the
    minimal Django app's (`django_rate`, measured once per size): "× bare" says how a page
    compares with our middleware alone, "× django" with the framework alone."""
    bare = rows["bare"]["requests_per_second"]
    for row in rows.values():
        row["ratio_to_bare"] = ratio(row["requests_per_second"], bare)
        row["ratio_to_django"] = ratio(row["requests_per_second"], django_rate)


def minimal_rows(row):
    """The minimal Django app's measurement as a table of one row: 1.00 × django, and no
    bare view in its run."""
    return {"django": {**row, "ratio_to_bare": None, "ratio_to_django": 1.0}}


def format_ratio(value):
    return f"{value:>8.2f}" if value is not None else f"{'-':>8}"


def print_table(size, mode, rows):
    say()
    say(f"{size} cities, mode {mode}")
    say(
        f"  {'name':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'× bare':>8} {'× django':>8}"
    )
    for name, row in rows.items():
        say(
            f"  {name:<10} {row['requests_per_second']:>9.1f} {row['p50_ms']:>8.2f}"
            f" {row['p99_ms']:>8.2f} {row['errors']:>7}"
            f" {format_ratio(row['ratio_to_bare'])} {format_ratio(row.get('ratio_to_django'))}"
        )


def target(description, value, passed):
    return {"target": description, "value": value, "passed": passed}


def ratio_targets(size, modes):
    checks = []
    for mode, minimum in (("cold", COLD_MIN_RATIO), ("warm", WARM_MIN_RATIO)):
        ratio = modes[mode]["directory"]["ratio_to_bare"] or 0.0
        description = f"{size} cities: directory {mode} req/s >= {minimum} × bare"
        checks.append(target(description, f"{ratio:.2f} × bare", ratio >= minimum))
    return checks


def django_target(size, modes):
    """The warm directory against Django alone: "1.00 × bare" only says "as cheap as our
    middleware", this says how close a cached page comes to the framework's floor."""
    ratio = modes["warm"]["directory"].get("ratio_to_django") or 0.0
    minimum = WARM_MIN_DJANGO_RATIO
    description = f"{size} cities: directory warm req/s >= {minimum} × django (minimal app)"
    return target(description, f"{ratio:.2f} × django", ratio >= minimum)


def p99_targets(size, modes):
    checks = []
    for mode, limit in P99_LIMIT_MS.items():
        worst_name, worst = max(modes[mode].items(), key=lambda item: item[1]["p99_ms"])
        description = f"{size} cities: every page p99 < {limit:.0f} ms {mode}"
        value = f"worst {worst_name} {worst['p99_ms']:.1f} ms"
        checks.append(target(description, value, worst["p99_ms"] < limit))
    return checks


def ms_per_request(modes, mode="cold"):
    rate = modes[mode]["directory"]["requests_per_second"]
    return 1000.0 / rate if rate else float("inf")


def scaling_target(results):
    smallest, largest = min(results), max(results)
    if smallest == largest:
        description = f"directory cold time per request, largest vs smallest <= {SCALING_MAX} ×"
        return target(description, "needs two sizes", None)
    description = (
        f"directory cold time per request, {largest} vs {smallest} cities <= {SCALING_MAX} ×"
    )
    small = ms_per_request(results[smallest]["modes"])
    large = ms_per_request(results[largest]["modes"])
    value = f"{large:.2f} ms vs {small:.2f} ms = {large / small:.2f} ×"
    return target(description, value, large <= SCALING_MAX * small)


def errors_target(results):
    """Errors reported by wrk, and runs in which no request completed at all."""
    failing = []
    for size, result in results.items():
        runs = dict(result["modes"])
        if "minimal" in result:
            runs["minimal"] = {"django": result["minimal"]}
        for mode, rows in runs.items():
            for name, row in rows.items():
                if row["errors"]:
                    failing.append(f"{size}/{mode}/{name}: {row['errors']}")
                elif not row["requests"]:
                    failing.append(f"{size}/{mode}/{name}: no request completed")
    value = ", ".join(failing) or "none"
    return target("zero errors in every measurement", value, not failing)


def evaluate_targets(results):
    checks = []
    for size in sorted(results):
        checks += ratio_targets(size, results[size]["modes"])
        checks.append(django_target(size, results[size]["modes"]))
        checks += p99_targets(size, results[size]["modes"])
    return [*checks, scaling_target(results), errors_target(results)]


def print_summary(checks):
    say()
    say("Targets")
    for check in checks:
        verdict = {True: "PASS", False: "FAIL", None: "n/a "}[check["passed"]]
        say(f"  {verdict}  {check['target']}: {check['value']}")


def run_document(*, command_line, started, machine, options, **findings):
    """The JSON record of one run: how it was started, when, on what, and what it found."""
    return {
        "command": command_line,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "machine": machine,
        "options": vars(options),
        **findings,
    }


def write_json(path, report):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"\nResults written to {path}")


def conclude(path, verdicts, **document):
    """Print the verdicts and write the run's JSON record (run_document) to `path`; the
    verdicts that failed."""
    print_summary(verdicts)
    write_json(path, run_document(**document, targets=verdicts))
    return [check for check in verdicts if not check["passed"]]
