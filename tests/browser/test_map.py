"""The maps in Chromium: drawn from this host's files alone, following the directory filters,
usable from the keyboard."""

import contextlib
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.helpers import collect_problems

MAP = "[data-map]"
MARKERS = "[data-map] path.city-marker"


def result_count(page):
    return int(re.search(r"\d+", page.locator("#result-count").inner_text())[0])


def open_directory(page, site, path):
    page.goto(f"{site.url}{path}")
    expect(page.locator(f"{MAP}[data-marker-count]")).to_be_attached()
    expect(page.locator(f"{MAP} path.land")).to_have_count(1)


@pytest.mark.browser_locale("en-GB")
def test_directory_map_draws_every_result_from_this_host_alone(site, page):
    problems = collect_problems(page)  # other hosts among them
    open_directory(page, site, "/en/cities/")
    count = result_count(page)
    assert count > 24  # more than the list's first page: the map shows every result
    expect(page.locator(MARKERS)).to_have_count(count)
    expect(page.locator("[data-map-legend] li")).to_have_count(7)
    expect(page.locator("[data-map-legend]")).to_contain_text("Latin America")
    assert problems == []


@pytest.mark.browser_locale("en-GB")
def test_ticking_a_region_updates_the_list_and_the_map_without_reload(site, page):
    problems = collect_problems(page)  # other hosts among them
    open_directory(page, site, "/en/cities/")
    everything = result_count(page)
    page.evaluate("window.sameDocument = true")
    africa = page.locator('input[name="region"][value="africa"]')
    in_africa = int(re.search(r"\((\d+)\)", africa.locator("xpath=..").inner_text())[1])

    africa.check()

    expect(page).to_have_url(re.compile(r"\?region=africa$"))
    expect(page.locator("#result-count")).to_contain_text(str(in_africa))
    expect(page.locator(MARKERS)).to_have_count(in_africa)
    expect(page.locator(f"{MARKERS}:not(.region-africa)")).to_have_count(0)
    expect(page.locator("[data-map-legend] li")).to_have_text(["Africa"])
    expect(page.locator(".downloads a").first).to_have_attribute("href", re.compile("africa"))
    assert page.evaluate("window.sameDocument") is True

    page.go_back()
    expect(page.locator(MARKERS)).to_have_count(everything)
    assert problems == []


@pytest.mark.browser_locale("en-GB")
def test_a_slow_answer_to_an_earlier_filter_never_replaces_a_later_one(site, page):
    open_directory(page, site, "/en/cities/")
    held = []  # the answer to "Europe" alone, kept back until the search has been answered
    page.route(lambda url: "region=europe" in url and "q=" not in url, lambda r: held.append(r))
    page.locator('input[name="region"][value="europe"]').check()
    page.locator("#q").fill("London")
    page.keyboard.press("Enter")
    expect(page.locator(MARKERS)).to_have_count(1)
    assert len(held) == 1
    with contextlib.suppress(PlaywrightError):  # the page has cancelled it
        held[0].continue_()
    page.wait_for_timeout(500)
    expect(page.locator(MARKERS)).to_have_count(1)
    assert result_count(page) == 1
    assert "q=London" in page.url


def test_marker_popup_links_to_the_city_page_in_the_page_language(site, page):
    problems = collect_problems(page)  # other hosts among them
    open_directory(page, site, "/zh-hans/cities/?country=united-kingdom")
    expect(page.locator(MARKERS)).to_have_count(1)

    page.locator(MARKERS).click()

    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text("伦敦")
    expect(link).to_have_attribute("href", "/zh-hans/cities/london/")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("欧洲")
    close_label = page.locator(MAP).get_attribute("data-close-popup-label")
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute(
        "aria-label", close_label
    )
    link.click()
    expect(page).to_have_url(f"{site.url}/zh-hans/cities/london/")
    assert problems == []


@pytest.mark.browser_locale("en-GB")
def test_keyboard_reaches_the_map_zooms_it_and_leaves_it(site, page):
    open_directory(page, site, "/en/cities/")
    world_map = page.locator(MAP)
    page.get_by_role("link", name="Skip the map").focus()

    page.keyboard.press("Tab")
    expect(world_map).to_be_focused()
    zoom_before = float(world_map.get_attribute("data-zoom"))
    page.keyboard.press("+")
    page.wait_for_function(
        "zoom => document.querySelector('[data-map]').dataset.zoom > zoom", arg=zoom_before
    )

    for _control in ("Zoom in", "Zoom out"):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Zoom out")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".downloads a").first).to_be_focused()


def region_colour_of_page(page):
    return page.evaluate(
        """() => {
            const probe = document.createElement("span");
            probe.style.color = "var(--region-colour)";
            document.querySelector("article.region-europe").append(probe);
            const colour = getComputedStyle(probe).color;
            probe.remove();
            return colour;
        }"""
    )


@pytest.mark.browser_locale("en-GB")
def test_city_page_replaces_its_svg_map_with_a_small_interactive_one(site, page):
    problems = collect_problems(page)  # other hosts among them
    page.goto(f"{site.url}/en/cities/london/")

    small_map = page.locator("[data-city-map] .map.leaflet-container")
    expect(small_map).to_be_visible()
    expect(small_map).to_have_attribute("aria-labelledby", "map-caption")
    expect(page.locator("#map-caption")).to_contain_text("London")
    expect(page.locator("[data-city-map] svg[role=img]")).to_have_count(0)
    marker = small_map.locator("path.city-marker")
    expect(marker).to_have_count(1)
    # The marker wears the colour of the city's region, which the page around it sets.
    assert marker.evaluate("marker => getComputedStyle(marker).fill") == region_colour_of_page(
        page
    )
    expect(small_map.locator("path.land")).to_have_count(1)
    expect(page.get_by_role("button", name="Zoom in")).to_be_visible()
    assert problems == []
