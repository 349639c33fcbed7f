"""Suggestions as you type in the site search box: the WAI-ARIA combobox pattern, usable with
the keyboard alone, in both languages; without JavaScript the box is a plain form."""

import pytest
from playwright.sync_api import expect


@pytest.mark.browser_locale("en-GB")
def test_typing_suggests_places_and_the_keyboard_opens_one(site, page):
    page.goto(f"{site.url}/en/search/")
    box = page.locator("#site-q")
    expect(box).to_have_attribute("role", "combobox")
    box.fill("lundun")
    listbox = page.locator("#site-q-suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.locator("[role=option]").first).to_contain_text("London")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-q-suggestions-0")
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/en/cities/london/")


def test_the_chinese_page_suggests_in_chinese_and_escape_closes(site, page):
    page.goto(f"{site.url}/zh-hans/")
    box = page.locator("#home-q")
    box.fill("倫敦")
    option = page.locator("#home-q-suggestions [role=option]").first
    expect(option).to_contain_text("伦敦")
    expect(option).to_contain_text("城市")
    box.press("Escape")
    expect(page.locator("#home-q-suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    with page.expect_navigation():
        box.press("Enter")  # nothing chosen: the form searches
    assert "/zh-hans/search/?q=" in page.url


def test_without_javascript_the_box_is_a_form(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/en/")
        page.locator("#home-q").fill("Bejing")
        with page.expect_navigation():
            page.locator("#home-q").press("Enter")
        expect(page.locator(".go-to a")).to_have_text("Go to Beijing")
    finally:
        context.close()


def test_the_header_search_opens_suggests_and_closes_with_the_keyboard(site, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site.url}/en/networks/")
        button = page.locator("details.header-search > summary")
        expect(button).to_have_accessible_name("Search")
        button.click()
        box = page.locator("#header-q")
        expect(box).to_be_focused()
        page.keyboard.type("lundun")
        expect(page.locator("#header-q-suggestions [role=option]").first).to_contain_text("London")
        box.press("Escape")  # the suggestions close; the box stays
        expect(page.locator("#header-q-suggestions")).to_be_hidden()
        expect(box).to_be_visible()
        box.press("Escape")  # then the panel, the focus back on its button
        expect(box).to_be_hidden()
        expect(button).to_be_focused()
        button.press("Enter")  # opens it again, from the keyboard
        expect(box).to_be_focused()
        page.keyboard.type("Bejing")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator(".go-to a")).to_have_text("Go to Beijing")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_the_phone_menu_starts_with_the_search_box(site, browser, javascript):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{site.url}/zh-hans/cities/")
        expect(page.locator("details.header-search")).to_be_hidden()
        page.locator("details.menu > summary").click()
        box = page.locator("#menu-q")
        expect(box).to_be_visible()
        box.fill("lun dun")
        with page.expect_navigation():
            box.press("Enter")
        expect(page.locator(".go-to a")).to_have_text("前往伦敦")
    finally:
        context.close()
