"""Content Security Policy on every page, no inline script or style to need an exception, and
the endpoint that logs what browsers report. (tests/browser/test_csp.py runs the pages in
Chromium and counts violations.)"""

import json
import logging
import re

import pytest

from tests.pages.test_seo import LANGUAGES, PAGES, url_in

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def policy(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_page_sends_the_policy_and_needs_no_inline_exception(client, language, name, kwargs):
    response = client.get(url_in(language, name, **kwargs), {"region": "europe"})
    html = response.content.decode()

    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["report-uri"] == "/csp-report/"
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)
    assert not EVENT_HANDLER.search(html)


@pytest.mark.parametrize("path", ["/en/cities/atlantis/", "/zh-hans/no-such-page/", "/api/v1/"])
def test_error_pages_and_the_api_send_the_policy_too(client, path):
    assert "default-src 'self'" in client.get(path)["Content-Security-Policy"]


def report(client, body, content_type="application/csp-report"):
    return client.post("/csp-report/", body, content_type=content_type)


def test_a_violation_report_is_logged_without_query_strings(client, caplog):
    body = {
        "csp-report": {
            "document-uri": "https://c40.example.org/en/cities/?q=jane@example.org",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js?token=secret",
            "source-file": "https://c40.example.org/static/js/live-filters.js",
            "line-number": 12,
        }
    }
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        response = report(client, json.dumps(body))

    assert response.status_code == 204
    [record] = caplog.records
    message = record.getMessage()
    assert "page=https://c40.example.org/en/cities/" in message
    assert "directive=script-src-elem" in message
    assert "blocked=https://evil.example/x.js" in message
    assert "line=12" in message
    assert "jane" not in message and "secret" not in message


def csp_records(caplog):
    return [record for record in caplog.records if record.name == "core.csp"]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"csp-report": "x"}',
        '{"other": {}}',
        '[{"type": "deprecation", "body": {}}]',
        b"\xff\xfe not utf-8",
    ],
)
def test_what_is_not_a_report_is_a_400_and_not_logged(client, caplog, body):
    with caplog.at_level(logging.WARNING):
        response = report(client, body)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert not csp_records(caplog)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 6144,  # json.loads alone would exhaust its recursion on this
        '{"csp-report": {"blocked-uri": ' + "[" * 9 + "]" * 9 + "}}",
    ],
)
def test_deeply_nested_json_is_a_400_not_a_server_error(client, caplog, body):
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING):
        response = report(client, body)
    assert response.status_code == 400
    assert not csp_records(caplog)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert "RecursionError" not in caplog.text


def test_brackets_inside_strings_do_not_count_as_nesting(client, caplog):
    body = {
        "csp-report": {
            "blocked-uri": "inline",
            "document-uri": "https://c40.example.org/[[[[[[[[[[[[/",
        }
    }
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        assert report(client, json.dumps(body)).status_code == 204
    assert len(csp_records(caplog)) == 1


def test_a_report_over_16_kb_is_refused_and_not_logged(client, caplog):
    body = json.dumps({"csp-report": {"blocked-uri": "inline", "padding": "x" * 17_000}})
    with caplog.at_level(logging.WARNING):
        response = report(client, body)
    assert response.status_code == 413
    assert not caplog.records or all(record.levelno < logging.WARNING for record in caplog.records)


def test_a_body_that_claims_to_be_huge_is_refused_without_being_read(client):
    """The test client's stream raises if more is read than it holds: the view must trust
    neither the claimed length nor read a body past the limit."""
    client.raise_request_exception = False
    response = client.generic(
        "POST",
        "/csp-report/",
        b"{}",
        content_type="application/csp-report",
        CONTENT_LENGTH=str(1_000_000),
    )
    assert response.status_code == 413


def violation(number=0):
    return json.dumps(
        {
            "csp-report": {
                "blocked-uri": "inline",
                "effective-directive": "script-src-elem",
                "line-number": number,
            }
        }
    )


def test_one_address_may_send_30_reports_a_minute_then_gets_429_unlogged(client, caplog):
    with caplog.at_level(logging.WARNING):
        statuses = [report(client, violation(number)).status_code for number in range(33)]
    assert statuses == [204] * 30 + [429] * 3
    violations = [r for r in csp_records(caplog) if r.getMessage().startswith("CSP violation")]
    assert len(violations) == 30
    dropped = [r for r in csp_records(caplog) if "dropping" in r.getMessage()]
    assert len(dropped) == 1  # once per address and minute, not once per refused report
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_forged_forwarded_for_header_does_not_escape_the_report_limit(client):
    for number in range(30):
        report(client, violation(number))
    forged = client.post(
        "/csp-report/",
        violation(),
        content_type="application/csp-report",
        headers={"X-Forwarded-For": "192.0.2.77"},
    )
    assert forged.status_code == 429
    assert forged["Retry-After"] == "60"
    other = client.post(
        "/csp-report/", violation(), content_type="application/csp-report", REMOTE_ADDR="192.0.2.8"
    )
    assert other.status_code == 204


class CacheDown:
    def add(self, *args, **kwargs):
        raise ConnectionError("cache unreachable")

    incr = add


def test_reports_still_get_through_while_the_cache_is_down(client, monkeypatch):
    monkeypatch.setattr("core.csp.cache", CacheDown())
    assert all(report(client, violation()).status_code == 204 for _ in range(35))


def test_control_characters_in_a_report_cannot_forge_log_lines(client, caplog):
    body = {
        "csp-report": {
            "document-uri": "https://c40.example.org/en/\x1b[2J\u202e/cities/?q=x",
            "effective-directive": "script-src\x1b[0m",
            "blocked-uri": "inline\n2026-12-07 CRITICAL django: forged \x1b[31mred\r",
            "source-file": "https://editor:hunter2@c40.example.org/static/js/x.js",
            "line-number": "12\nforged",
        }
    }
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        assert report(client, json.dumps(body)).status_code == 204
    [record] = csp_records(caplog)
    message = record.getMessage()
    assert message.isprintable()  # no newline, carriage return, ESC or bidi override
    assert "directive=other" in message
    assert "blocked=other" in message
    assert "source=https://c40.example.org/static/js/x.js" in message
    assert "hunter2" not in message and "editor" not in message
    assert "line=" not in message
    assert len(message) < 1200


def test_a_reporting_api_batch_is_logged_one_line_per_violation(client, caplog):
    violation_body = {
        "documentURL": "https://c40.example.org/zh-hans/cities/?q=secret",
        "effectiveDirective": "img-src",
        "blockedURL": "https://tracker.example/pixel.gif?id=secret",
        "sourceFile": "https://c40.example.org/static/js/map.js",
        "lineNumber": 7,
    }
    batch = [
        {"type": "csp-violation", "url": "https://c40.example.org/", "body": violation_body},
        {"type": "deprecation", "body": {"id": "x"}},
    ] * 12
    with caplog.at_level(logging.WARNING, logger="core.csp"):
        response = report(client, json.dumps(batch), content_type="application/reports+json")
    assert response.status_code == 204
    records = csp_records(caplog)
    assert len(records) == 10  # a batch logs at most ten lines
    message = records[0].getMessage()
    assert "page=https://c40.example.org/zh-hans/cities/" in message
    assert "directive=img-src" in message
    assert "blocked=https://tracker.example/pixel.gif" in message
    assert "line=7" in message
    assert "secret" not in message


def test_the_report_endpoint_only_takes_posts(client):
    assert client.get("/csp-report/").status_code == 405


def test_a_page_from_the_page_cache_carries_the_policy(client, page_cache):
    client.get("/en/cities/")
    cached = client.get("/en/cities/")
    assert cached["X-Page-Cache"] == "hit"
    assert policy(cached)["script-src"] == "'self'"
    assert cached["X-Content-Type-Options"] == "nosniff"
