"""The benchmark's table per run and its targets (`python -m bench`)."""

from bench.common import say, verdicts

COLD_MIN_RATIO = 0.25  # directory, page cache cold, req/s against the bare view
WARM_MIN_RATIO = 0.85  # directory, page cache warm
WARM_MIN_DJANGO_RATIO = 0.85  # directory, page cache warm, against Django alone
P99_LIMIT_MS = {"warm": 100.0, "cold": 400.0}
SCALING_MAX = 1.5  # largest size's cold time per request against the smallest size's


def ratio(rate, yardstick):
    return rate / yardstick if yardstick else None


def add_ratios(rows, django_rate=None):
    """Each row's req/s against the bare view's (same server run: "as cheap as our
    middleware") and the minimal app's `django_rate` ("as cheap as the framework")."""
    bare = rows["bare"]["requests_per_second"]
    for row in rows.values():
        row["ratio_to_bare"] = ratio(row["requests_per_second"], bare)
        row["ratio_to_django"] = ratio(row["requests_per_second"], django_rate)


def print_table(size, mode, rows):
    def cell(value):
        return f"{value:>8.2f}" if value is not None else f"{'-':>8}"

    say(f"\n{size} cities, mode {mode}")
    say(
        f"  {'name':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f" {'× bare':>8} {'× django':>8}"
    )
    for name, row in rows.items():
        say(
            f"  {name:<10} {row['requests_per_second']:>9.1f} {row['p50_ms']:>8.2f}"
            f" {row['p99_ms']:>8.2f} {row['errors']:>7}"
            f" {cell(row['ratio_to_bare'])} {cell(row.get('ratio_to_django'))}"
        )


def size_targets(size, modes):
    """The directory's speed against both yardsticks, and every page's p99."""
    rows = []
    for mode, minimum in (("cold", COLD_MIN_RATIO), ("warm", WARM_MIN_RATIO)):
        found = modes[mode]["directory"]["ratio_to_bare"] or 0.0
        target = f"{size} cities: directory {mode} req/s >= {minimum} × bare"
        rows.append((target, f"{found:.2f} × bare", found >= minimum))
    found, minimum = (
        modes["warm"]["directory"].get("ratio_to_django") or 0.0,
        WARM_MIN_DJANGO_RATIO,
    )
    target = f"{size} cities: directory warm req/s >= {minimum} × django (minimal app)"
    rows.append((target, f"{found:.2f} × django", found >= minimum))
    for mode, limit in P99_LIMIT_MS.items():
        name, worst = max(modes[mode].items(), key=lambda item: item[1]["p99_ms"])
        target = f"{size} cities: every page p99 < {limit:.0f} ms {mode}"
        rows.append((target, f"worst {name} {worst['p99_ms']:.1f} ms", worst["p99_ms"] < limit))
    return rows


def ms_per_request(modes):
    rate = modes["cold"]["directory"]["requests_per_second"]
    return 1000.0 / rate if rate else float("inf")


def scaling_target(results):
    """The directory's cold time per request may grow little with the number of cities."""
    smallest, largest = min(results), max(results)
    if smallest == largest:
        target = f"directory cold time per request, largest vs smallest <= {SCALING_MAX} ×"
        return target, "needs two sizes", None
    small = ms_per_request(results[smallest]["modes"])
    large = ms_per_request(results[largest]["modes"])
    return (
        f"directory cold time per request, {largest} vs {smallest} cities <= {SCALING_MAX} ×",
        f"{large:.2f} ms vs {small:.2f} ms = {large / small:.2f} ×",
        large <= SCALING_MAX * small,
    )


def errors_target(results):
    """Errors reported by wrk, and runs in which no request completed at all."""
    failing = []
    for size, result in results.items():
        runs = dict(result["modes"])
        if "minimal" in result:
            runs["minimal"] = {"django": result["minimal"]}
        for mode, rows in runs.items():
            for name, row in rows.items():
                if row["errors"] or not row["requests"]:
                    found = row["errors"] or "no request completed"
                    failing.append(f"{size}/{mode}/{name}: {found}")
    return "zero errors in every measurement", ", ".join(failing) or "none", not failing


def evaluate_targets(results):
    rows = [row for size in sorted(results) for row in size_targets(size, results[size]["modes"])]
    return verdicts(*rows, scaling_target(results), errors_target(results))
