"""Reading Lighthouse's JSON report: category scores, PASS/FAIL, the audits that cost points."""

import math

from bench.common import say

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95
# Lighthouse's own HTML report shows an audit as passed from a score of 0.9.
AUDIT_PASS_SCORE = 0.9
UNSCORED_MODES = {"notApplicable", "manual", "informative"}


def to_percent(score):
    """A 0–1 score as Lighthouse displays it (JavaScript's Math.round: 0.945 -> 95)."""
    return None if score is None else math.floor(score * 100 + 0.5)


def category_scores(report):
    """Each category's score out of 100; None when Lighthouse could not score it."""
    categories = report.get("categories", {})
    return {name: to_percent(categories.get(name, {}).get("score")) for name in CATEGORIES}


def verdict(score):
    if score is None:
        return "ERROR"
    return "PASS" if score >= TARGET else "FAIL"


def is_scored(result):
    """Whether Lighthouse scored every category of this page result."""
    return "ERROR" not in result["verdicts"].values()


def is_failing(audit):
    if audit.get("scoreDisplayMode") == "error":
        return True
    score = audit.get("score")
    unscored = audit.get("scoreDisplayMode") in UNSCORED_MODES
    return not unscored and score is not None and score < AUDIT_PASS_SCORE


def failing_audits(report, category):
    """The category's audits Lighthouse shows as failed, those weighing most first."""
    audits = report.get("audits", {})
    failing = []
    for reference in report.get("categories", {}).get(category, {}).get("auditRefs", []):
        audit = audits.get(reference["id"], {})
        if is_failing(audit):
            failing.append(
                {
                    "id": reference["id"],
                    "title": audit.get("title", reference["id"]),
                    "score": audit.get("score"),
                    "weight": reference.get("weight", 0),
                    "display_value": audit.get("displayValue") or audit.get("errorMessage", ""),
                }
            )
    return sorted(failing, key=lambda audit: (-audit["weight"], audit["score"] or 0))


def page_result(url, report):
    """Scores, verdicts and, for each category under the target, its failing audits."""
    scores = category_scores(report)
    return {
        "url": url,
        "scores": scores,
        "verdicts": {category: verdict(score) for category, score in scores.items()},
        "failing_audits": {
            category: failing_audits(report, category)
            for category, score in scores.items()
            if verdict(score) != "PASS"
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


def score_cell(score):
    return f"{'-' if score is None else score:>3} {verdict(score):<5}"


def print_table(results):
    say()
    say(f"Lighthouse scores (target >= {TARGET} in each category)")
    say((f"  {'page':<18}" + "".join(f"{category:<16}" for category in CATEGORIES)).rstrip())
    for page, result in results.items():
        cells = "".join(f"{score_cell(result['scores'][category]):<16}" for category in CATEGORIES)
        say(f"  {page:<18}{cells}".rstrip())


def pages_with_values(pages):
    """The pages an audit fails on: "city-en (4.2 s), city-zh-hans (4.4 s)"."""
    return ", ".join(f"{page} ({value})" if value else page for page, value in pages.items())


def print_failures(results):
    grouped = failures_by_audit(results)
    if not grouped:
        return
    say()
    say(f"Failing audits of the categories under {TARGET}")
    for category in CATEGORIES:
        for audit_id, entry in grouped.get(category, {}).items():
            say(f"  {category}: {audit_id} — {entry['title']}")
            say(f"      {pages_with_values(entry['pages'])}")
