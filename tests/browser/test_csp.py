"""The Content Security Policy in a real browser: every public page type in both languages, and
the admin pages an editor uses, run without one violation; a violation is reported to
/csp-report/ and logged."""

import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import add_inline_image, log_in, make_photo, workflow_pages
from tests.browser.test_accessibility import PUBLIC_PAGES
from tests.browser.test_map import MARKERS
from tests.browser.test_pages import LANGUAGES

# Recorded from the first byte of every document, before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""
ADMIN_PAGES = [
    "/admin/",
    "/admin/spotlights/spotlight/",
    "/admin/spotlights/spotlight/?status__exact=draft&q=London",
    "/admin/spotlights/spotlight/add/",
    "/admin/cities/city/",
    "/admin/password_change/",
]


def violations(page):
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations")


@pytest.fixture
def watched_page(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "path"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_runs_without_a_csp_violation(site, watched_page, language, kind, path):
    response = watched_page.goto(f"{site.url}/{language}{path}")
    if response.ok:  # runserver's DEBUG 404 page is Django's own, sent without the policy
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert violations(watched_page) == []


def test_the_map_and_live_filters_run_without_a_csp_violation(site, watched_page):
    watched_page.goto(f"{site.url}/en/cities/")
    watched_page.locator('input[name="region"][value="europe"]').check()
    watched_page.locator("#q").fill("London")
    watched_page.keyboard.press("Enter")
    expect(watched_page.locator(MARKERS)).to_have_count(1)
    watched_page.locator(MARKERS).click()
    expect(watched_page.locator(".leaflet-popup-content a")).to_have_text("London")
    assert violations(watched_page) == []


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_admin_pages_run_without_a_csp_violation(site, browser, locale, tmp_path):
    context = browser.new_context(locale=locale)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        log_in(page, site)
        found = {}
        for path in ADMIN_PAGES + workflow_pages(site):
            page.goto(f"{site.url}{path}")
            found[path] = violations(page)
        # The editing widgets: language tabs, the city autocomplete, a new image row.
        page.goto(f"{site.url}/admin/spotlights/spotlight/add/")
        page.locator(".select2-selection").first.click()
        page.locator(".select2-search__field").fill("Lond")
        page.locator(".select2-results__option:not(.loading-results)").first.click()
        add_inline_image(
            page,
            make_photo(tmp_path / "photo.jpg"),
            alt={"en": "A street", "zh_hans": "一条街道"},
            credit={"en": "C40", "zh_hans": "C40"},
        )
        found["add form, widgets used"] = violations(page)
        assert found == dict.fromkeys(found, [])
    finally:
        context.close()


def test_a_violation_is_blocked_reported_and_logged(site, watched_page):
    """The detector and the report endpoint work: an injected inline script is refused."""
    watched_page.goto(f"{site.url}/en/")
    watched_page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    assert watched_page.evaluate("window.injected") is None
    assert any(v.startswith("script-src") for v in violations(watched_page))
    log = site.log_path.read_text
    deadline = time.monotonic() + 10
    while "CSP violation" not in log() and time.monotonic() < deadline:
        time.sleep(0.1)  # the browser sends its report in the background
    line = next(line for line in log().splitlines() if "CSP violation" in line)
    assert "directive=script-src" in line and "/en/ " in line
