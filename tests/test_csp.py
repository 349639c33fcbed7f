"""Content Security Policy on every page, no inline script or style to need an exception, and
the endpoint that logs what browsers report. (tests/browser/test_csp.py runs the pages in
Chromium and counts violations.)"""

import json
import logging
import re

import pytest

from tests.test_seo import LANGUAGES, PAGES, url_in

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
    with caplog.at_level(logging.WARNING, logger="c40site.csp"):
        response = report(client, json.dumps(body))

    assert response.status_code == 204
    [record] = caplog.records
    message = record.getMessage()
    assert "page=https://c40.example.org/en/cities/" in message
    assert "directive=script-src-elem" in message
    assert "blocked=https://evil.example/x.js" in message
    assert "line=12" in message
    assert "jane" not in message and "secret" not in message


@pytest.mark.parametrize(
    "body",
    ["not json", "[]", '{"csp-report": "x"}', '{"other": {}}', "{" + " " * 20_000 + "}"],
)
def test_what_is_not_a_report_is_a_400_and_not_logged(client, caplog, body):
    with caplog.at_level(logging.WARNING, logger="c40site.csp"):
        response = report(client, body)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert not [record for record in caplog.records if record.name == "c40site.csp"]


def test_the_report_endpoint_only_takes_posts(client):
    assert client.get("/csp-report/").status_code == 405


def test_a_page_from_the_page_cache_carries_the_policy(client, page_cache):
    client.get("/en/cities/")
    cached = client.get("/en/cities/")
    assert cached["X-Page-Cache"] == "hit"
    assert policy(cached)["script-src"] == "'self'"
    assert cached["X-Content-Type-Options"] == "nosniff"
