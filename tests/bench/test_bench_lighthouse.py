"""The Lighthouse benchmark's reading of Lighthouse's report (pure: no server, no browser)."""

import argparse

import pytest

from bench.lighthouse import (
    category_scores,
    failing_audits,
    failures_by_audit,
    in_language,
    is_scored,
    page_result,
    page_selection,
    print_failures,
    print_table,
    to_percent,
    verdict,
)


def audit_ref(audit_id, weight):
    return {"id": audit_id, "weight": weight}


def sample_report():
    """A trimmed Lighthouse 13 report: performance and SEO under 95, the others above."""
    return {
        "lighthouseVersion": "13.5.0",
        "runWarnings": ["The tested device appears to have a slower CPU than Lighthouse expects."],
        "environment": {"benchmarkIndex": 2950.5},
        "categories": {
            "performance": {
                "score": 0.82,
                "auditRefs": [
                    audit_ref("largest-contentful-paint", 25),
                    audit_ref("total-blocking-time", 30),
                    audit_ref("cumulative-layout-shift", 25),
                    audit_ref("render-blocking-insight", 0),
                    audit_ref("font-display-insight", 0),
                ],
            },
            "accessibility": {
                "score": 0.96,
                "auditRefs": [audit_ref("color-contrast", 7), audit_ref("focus-traps", 0)],
            },
            "best-practices": {"score": 1, "auditRefs": [audit_ref("is-on-https", 5)]},
            "seo": {
                "score": 0.92,
                "auditRefs": [audit_ref("meta-description", 1), audit_ref("hreflang", 1)],
            },
        },
        "audits": {
            "largest-contentful-paint": {
                "title": "Largest Contentful Paint",
                "score": 0.41,
                "scoreDisplayMode": "numeric",
                "displayValue": "4.2\xa0s",
            },
            "total-blocking-time": {
                "title": "Total Blocking Time",
                "score": 0.95,
                "scoreDisplayMode": "numeric",
                "displayValue": "120\xa0ms",
            },
            "cumulative-layout-shift": {
                "title": "Cumulative Layout Shift",
                "score": 0.6,
                "scoreDisplayMode": "numeric",
                "displayValue": "0.2",
            },
            "render-blocking-insight": {
                "title": "Render blocking requests",
                "score": 0,
                "scoreDisplayMode": "metricSavings",
                "displayValue": "Est savings of 300\xa0ms",
            },
            "font-display-insight": {
                "title": "Font display",
                "score": None,
                "scoreDisplayMode": "error",
                "errorMessage": "Required trace gatherer did not run.",
            },
            "color-contrast": {
                "title": "Background and foreground colors do not have a sufficient contrast",
                "score": 0,
                "scoreDisplayMode": "binary",
            },
            "focus-traps": {"title": "Focus traps", "score": None, "scoreDisplayMode": "manual"},
            "is-on-https": {"title": "Uses HTTPS", "score": 1, "scoreDisplayMode": "binary"},
            "meta-description": {
                "title": "Document does not have a meta description",
                "score": 0,
                "scoreDisplayMode": "binary",
            },
            "hreflang": {
                "title": "Document has a valid `hreflang`",
                "score": None,
                "scoreDisplayMode": "notApplicable",
            },
        },
    }


@pytest.mark.parametrize(("score", "percent"), [(0.945, 95), (0.944, 94), (1, 100), (None, None)])
def test_scores_are_rounded_as_lighthouse_displays_them(score, percent):
    assert to_percent(score) == percent


def test_category_scores_are_read_out_of_100():
    scores = category_scores(sample_report())

    assert scores == {"performance": 82, "accessibility": 96, "best-practices": 100, "seo": 92}


def test_a_category_lighthouse_could_not_score_has_no_score():
    report = sample_report()
    report["categories"]["performance"]["score"] = None
    del report["categories"]["seo"]

    scores = category_scores(report)

    assert (scores["performance"], scores["seo"]) == (None, None)
    assert not is_scored(page_result("http://127.0.0.1:8310/en/", report))
    assert is_scored(page_result("http://127.0.0.1:8310/en/", sample_report()))


@pytest.mark.parametrize(
    ("score", "expected"),
    [(95, "PASS"), (100, "PASS"), (94, "FAIL"), (0, "FAIL"), (None, "ERROR")],
)
def test_a_score_passes_from_95(score, expected):
    assert verdict(score) == expected


def test_failing_audits_are_those_under_0_9_or_in_error_heaviest_first():
    failing = failing_audits(sample_report(), "performance")

    assert [audit["id"] for audit in failing] == [
        "largest-contentful-paint",
        "cumulative-layout-shift",
        "render-blocking-insight",
        "font-display-insight",
    ]
    assert failing[0] == {
        "id": "largest-contentful-paint",
        "title": "Largest Contentful Paint",
        "score": 0.41,
        "weight": 25,
        "display_value": "4.2\xa0s",
    }
    assert failing[-1]["display_value"] == "Required trace gatherer did not run."


def test_manual_and_not_applicable_audits_never_fail():
    report = sample_report()

    assert [audit["id"] for audit in failing_audits(report, "accessibility")] == ["color-contrast"]
    assert [audit["id"] for audit in failing_audits(report, "seo")] == ["meta-description"]


def test_a_page_lists_failing_audits_only_for_categories_under_95():
    result = page_result("http://127.0.0.1:8310/en/", sample_report())

    assert result["verdicts"] == {
        "performance": "FAIL",
        "accessibility": "PASS",
        "best-practices": "PASS",
        "seo": "FAIL",
    }
    assert set(result["failing_audits"]) == {"performance", "seo"}
    assert result["benchmark_index"] == 2950.5
    assert len(result["run_warnings"]) == 1


def test_failures_are_grouped_by_audit_across_pages():
    results = {
        "home-en": page_result("http://127.0.0.1:8310/en/", sample_report()),
        "home-zh-hans": page_result("http://127.0.0.1:8310/zh-hans/", sample_report()),
    }

    grouped = failures_by_audit(results)

    assert grouped["seo"]["meta-description"] == {
        "title": "Document does not have a meta description",
        "pages": {"home-en": "", "home-zh-hans": ""},
    }
    assert list(grouped["performance"]["largest-contentful-paint"]["pages"]) == [
        "home-en",
        "home-zh-hans",
    ]


def test_the_table_marks_each_score_and_the_failures_name_audits(capsys):
    results = {"city-en": page_result("http://127.0.0.1:8310/en/cities/london/", sample_report())}

    print_table(results)
    print_failures(results)

    output = capsys.readouterr().out
    row = next(line for line in output.splitlines() if line.startswith("  city-en "))
    assert row.split() == ["city-en", "82", "FAIL", "96", "PASS", "100", "PASS", "92", "FAIL"]
    assert "seo: meta-description — Document does not have a meta description" in output
    assert "city-en (4.2\xa0s)" in output


def test_nothing_is_listed_when_every_category_passes(capsys):
    report = sample_report()
    for category in report["categories"].values():
        category["score"] = 0.99

    print_failures({"home-en": page_result("http://127.0.0.1:8310/en/", report)})

    assert capsys.readouterr().out == ""


def test_a_page_kind_alone_selects_both_languages_in_the_usual_order():
    assert page_selection("spotlight, home-zh-hans") == [
        "home-zh-hans",
        "spotlight-en",
        "spotlight-zh-hans",
    ]


@pytest.mark.parametrize("text", ["", "about", "city-fr"])
def test_an_unknown_page_is_refused(text):
    with pytest.raises(argparse.ArgumentTypeError):
        page_selection(text)


def test_the_chinese_path_swaps_the_language_prefix():
    chinese = in_language("/en/spotlights/london-ulez/", "zh-hans")

    assert chinese == "/zh-hans/spotlights/london-ulez/"
    assert in_language("/en/", "zh-hans") == "/zh-hans/"
