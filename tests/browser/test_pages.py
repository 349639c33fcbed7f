"""Every kind of page, in both languages, as a visitor's browser shows it."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import collect_problems, expect_cjk_glyphs, log_in

SCREENSHOTS = Path(os.environ.get("C40_SCREENSHOTS", Path(__file__).parent / "screenshots"))
LANGUAGES = ["en", "zh-hans"]
# (page type, path after the language prefix, text the page's <h1> holds per language)
PAGES = [
    (
        "home",
        "/",
        {"en": "Cities taking climate action together", "zh-hans": "城市携手应对气候变化"},
    ),
    ("directory", "/cities/", {"en": "Directory of C40 cities", "zh-hans": "C40城市名录"}),
    ("city", "/cities/london/", {"en": "London", "zh-hans": "伦敦"}),
    (
        "spotlight",
        "/spotlights/london-the-worlds-largest-clean-air-zone/",
        {"en": "The world's largest clean air zone", "zh-hans": "全球规模最大的清洁空气区"},
    ),
    ("region", "/regions/africa/", {"en": "Africa", "zh-hans": "非洲"}),
    ("spotlights", "/spotlights/", {"en": "City spotlights", "zh-hans": "城市掠影"}),
    ("initiatives", "/initiatives/", {"en": "Initiative areas", "zh-hans": "倡议领域"}),
    ("networks", "/networks/", {"en": "Networks", "zh-hans": "网络"}),
    ("accelerator", "/accelerators/clean-air/", {"en": "Clean Air", "zh-hans": "清洁空气"}),
    ("about", "/about/", {"en": "About C40", "zh-hans": "关于C40"}),
    ("search", "/search/?q=%E5%80%AB%E6%95%A6", {"en": "Search", "zh-hans": "搜索"}),
]


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "path", "headings"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_in_its_language_without_errors(site, page, language, kind, path, headings):
    problems = collect_problems(page)
    response = page.goto(f"{site.url}/{language}{path}")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)
    if language in headings:
        expect(page.locator("h1")).to_contain_text(headings[language])
    nav = page.locator(".site-nav-wide")
    expect(nav).to_contain_text("Cities" if language == "en" else "城市")
    shoot(page, f"{kind}-{language}")
    assert problems == []


def test_chinese_text_renders_with_a_real_font(site, page):
    page.goto(f"{site.url}/zh-hans/cities/")
    expect_cjk_glyphs(page)


@pytest.mark.browser_locale("en-GB")
def test_filters_narrow_the_directory_and_the_url_keeps_them(site, page):
    page.goto(f"{site.url}/en/cities/")
    count = page.locator("#result-count")
    expect(count).to_have_text("98 results")
    page.locator('[data-facet="region"] input[value="africa"]').check()
    expect(count).to_have_text("14 results")
    expect(page).to_have_url(f"{site.url}/en/cities/?region=africa")
    page.locator('[data-facet="initiative"] input[value="transportation"]').check(force=True)
    expect(count).to_have_text("3 results")
    page.locator("#q").fill("jo")
    page.locator("#q").press("Enter")
    expect(count).to_have_text("1 result")
    expect(page.locator(".city-results")).to_contain_text("Johannesburg")
    page.go_back()
    expect(count).to_have_text("3 results")
    page.locator(".chip.clear").click()
    expect(count).to_have_text("98 results")


@pytest.mark.browser_locale("en-GB")
def test_the_language_switcher_keeps_the_page_and_its_filters(site, page):
    page.goto(f"{site.url}/en/cities/?region=africa")
    page.locator('[data-facet="initiative"] input[value="transportation"]').check(force=True)
    expect(page.locator("#result-count")).to_have_text("3 results")
    page.locator('.language-switcher a[hreflang="zh-hans"]').click()
    expect(page).to_have_url(f"{site.url}/zh-hans/cities/?region=africa&initiative=transportation")
    expect(page.locator("#result-count")).to_have_text("3条结果")
    expect(page.locator(".city-results")).to_contain_text("约翰内斯堡")
    page.locator(".city-results a", has_text="约翰内斯堡").click()
    expect(page.locator("h1")).to_have_text("约翰内斯堡")
    page.locator('.language-switcher a[hreflang="en"]').click()
    expect(page).to_have_url(f"{site.url}/en/cities/johannesburg/")
    expect(page.locator("h1")).to_have_text("Johannesburg")


@pytest.mark.parametrize(
    ("locale", "welcome", "spotlights"),
    [("en-GB", "Site administration", "City spotlights"), ("zh-CN", "站点管理", "城市掠影")],
)
def test_the_admin_speaks_the_editors_language(site, browser, locale, welcome, spotlights):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        log_in(page, site)
        expect(page.locator("#content h1")).to_have_text(welcome)
        page.goto(f"{site.url}/admin/spotlights/spotlight/")
        expect(page.locator(".breadcrumbs")).to_contain_text(spotlights)
        expect(page.locator("#result_list")).to_be_visible()
        page.locator("#result_list tbody th a").first.click()
        # Both languages at once, side by side: no tab hides one.
        english, chinese = page.locator("#id_title_en"), page.locator("#id_title_zh_hans")
        expect(english).to_be_visible()
        expect(chinese).to_be_visible()
        left, right = english.bounding_box(), chinese.bounding_box()
        assert right["x"] > left["x"] + left["width"] and abs(right["y"] - left["y"]) < 20
        shoot(page, f"admin-spotlight-{locale}")
    finally:
        context.close()
