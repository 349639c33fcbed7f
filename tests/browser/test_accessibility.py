"""axe-core (vendored from npm) in the browser: no serious or critical violation on any page
type in either language; and the directory works with the keyboard alone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, workflow_pages
from tests.browser.test_pages import LANGUAGES, PAGES

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
EXTRA_PAGES = [
    ("filtered directory", "/cities/?region=africa&initiative=transportation"),
    ("initiative", "/initiatives/transportation/"),
    ("network list", "/networks/"),
    ("accelerators", "/accelerators/"),
    ("not found", "/cities/atlantis/"),
    ("regions", "/regions/"),
    ("sources", "/sources/"),
    ("city without networks", "/cities/beijing/"),
    ("search without result", "/cities/?q=bejing"),
]
PHONE = {"width": 390, "height": 844}
PHONE_PAGES = ["/", "/cities/", "/spotlights/beijing-cleaner-air-by-phasing-out-coal/"]
ADMIN_PAGES = [
    "/admin/",
    "/admin/spotlights/spotlight/",
    "/admin/spotlights/spotlight/add/",
]


def axe_violations(page):
    """axe's serious and critical violations on the page as loaded, one line each."""
    page.wait_for_load_state("networkidle")
    # evaluate(), not a <script> tag: it runs whatever Content-Security-Policy the page sends.
    page.evaluate(AXE.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


PUBLIC_PAGES = [(kind, path) for kind, path, _ in PAGES] + EXTRA_PAGES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "path"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_has_no_serious_accessibility_violation(site, page, language, kind, path):
    page.goto(f"{site.url}/{language}{path}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_layout_has_no_serious_accessibility_violation(site, browser, language, path):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{site.url}/{language}{path}")
        page.locator(".menu > summary").click()  # the folded menu, open
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_admin_pages_have_no_serious_accessibility_violation(site, browser, locale):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        log_in(page, site)
        found = {}
        for path in ADMIN_PAGES + workflow_pages(site):
            page.goto(f"{site.url}{path}")
            found[path] = axe_violations(page)
        assert found == dict.fromkeys(found, [])
    finally:
        context.close()


def press_tab_until(page, locator, limit=80):
    """Tab forward until `locator` has the focus; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{locator} was not reached with {limit} presses of Tab")


@pytest.mark.browser_locale("en-GB")
def test_the_directory_works_with_the_keyboard_alone(site, page):
    page.goto(f"{site.url}/en/cities/")
    count = page.locator("#result-count")
    expect(count).to_have_text("98 results")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    africa = page.locator('[data-facet="region"] input[value="africa"]')
    press_tab_until(page, africa)
    page.keyboard.press("Space")
    expect(count).to_have_text("14 results")
    expect(africa).to_be_checked()

    search = page.locator("#q")
    search.focus()
    page.keyboard.type("accra")
    page.keyboard.press("Enter")
    expect(count).to_have_text("1 result")

    accra = page.locator(".city-results a", has_text="Accra")
    press_tab_until(page, accra)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Accra")
