"""The public pages as phones and laptops show them (390×844 and 1366×900, both languages):
finding first, targets a thumb can hit, no sideways scrolling, Chinese lists in pinyin order,
and no research notes."""

import re

import pytest
from pypinyin import Style, lazy_pinyin

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
NARROWEST = {"width": 320, "height": 640}
LANGUAGES = ["en", "zh-hans"]
PUBLIC_PAGES = {
    "home": "/",
    "directory": "/cities/",
    "city": "/cities/beijing/",
    "spotlight": "/spotlights/beijing-cleaner-air-by-phasing-out-coal/",
    "region": "/regions/europe/",
    "regions": "/regions/",
    "spotlights": "/spotlights/",
    "network": "/networks/cool-cities/",
    "accelerator": "/accelerators/clean-air/",
    "about": "/about/",
    "search": "/search/?q=buses",
}
RESEARCH_NOTES = re.compile(
    r"No source found|no source states|by its subject|未找到|\b0 (member|signatory)"
)

# Every visible control a finger may aim at, but links inside running text (WCAG 2.5.5
# exempts those: their size is the sentence's).
SMALL_TARGETS = """() => {
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, summary, [role=button]');
  const small = [];
  for (const control of controls) {
    const box = control.getBoundingClientRect();
    const style = getComputedStyle(control);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;
    if (box.right <= 0 || box.bottom <= 0) continue;  // off-screen until focused (skip link)
    if (control.closest('.leaflet-container, svg')) continue;
    if (control.matches('input[type=checkbox], input[type=radio]')) {
      const label = control.closest('label');
      if (label && label.getBoundingClientRect().height >= 44) continue;
    }
    if (control.tagName === 'A') {
      const block = control.closest('p, li, dd, figcaption, td');
      const own = control.textContent.trim().length;
      if (block && block.textContent.trim().length > own + 1) continue;
    }
    if (box.height < 44 || box.width < 24) {
      small.push(`${control.tagName} "${control.textContent.trim().slice(0, 30)}" ` +
                 `${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def open_page(browser, site, viewport, language, path):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    response = page.goto(f"{site.url}/{language}{path}")
    assert response.status == 200, path
    return context, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_directory_puts_search_above_the_first_result(browser, site, language):
    context, page = open_page(browser, site, PHONE, language, "/cities/")
    search = page.locator("#q").bounding_box()
    first_result = page.locator(".city-results a").first.bounding_box()
    assert search["y"] < first_result["y"] < PHONE["height"]
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_every_tap_target_on_a_phone_is_at_least_44_px(browser, site, language, kind):
    context, page = open_page(browser, site, PHONE, language, PUBLIC_PAGES[kind])
    assert page.evaluate(SMALL_TARGETS) == []
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_no_page_scrolls_sideways_at_320_px(browser, site, language, kind):
    context, page = open_page(browser, site, NARROWEST, language, PUBLIC_PAGES[kind])
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"]
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_no_page_shows_a_research_note(browser, site, viewport, language, kind):
    context, page = open_page(browser, site, viewport, language, PUBLIC_PAGES[kind])
    assert not RESEARCH_NOTES.search(page.locator("main").inner_text())
    context.close()


def test_chinese_directory_lists_cities_in_pinyin_order(browser, site):
    context, page = open_page(browser, site, LAPTOP, "zh-hans", "/cities/")
    names = page.locator(".city-results li a").all_inner_texts()
    names = [name.strip() for name in names if name.strip()][:20]
    keys = [lazy_pinyin(name, style=Style.TONE3) for name in names]
    assert names[:3] == ["阿比让", "阿克拉", "阿姆斯特丹"]
    assert keys == sorted(keys)
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_shared_spotlight_has_a_share_image_that_decodes(browser, site, language):
    from io import BytesIO

    from PIL import Image

    context, page = open_page(browser, site, LAPTOP, language, PUBLIC_PAGES["spotlight"])
    image_url = page.locator('meta[property="og:image"]').get_attribute("content")
    response = context.request.get(image_url)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    with Image.open(BytesIO(response.body())) as image:
        image.load()
        assert image.size == (1200, 630)
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phone_without_javascript_can_filter_the_directory(browser, site, language):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/{language}/cities/")
    page.locator(".menu > summary").click()  # the menu opens without a script too
    assert page.locator(".menu .site-nav").is_visible()
    page.locator(".menu > summary").click()  # and closes again
    page.locator(".filter-toggle").click()
    page.locator('input[name="region"][value="europe"]').check()
    page.locator(".apply-filters").click()
    page.wait_for_url("**region=europe**")
    names = page.locator(".city-results li a").all_inner_texts()
    assert 0 < len(names) <= 18
    assert ("Paris" if language == "en" else "巴黎") in " ".join(names)
    context.close()


@pytest.mark.parametrize("width", [1024, 1100, 1200, 1366])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_stays_on_one_line(browser, site, language, width):
    """The brand, the navigation (or the menu button) and the language switcher share a line:
    with "Search" added, the English items once pushed the switcher onto a second one."""
    context, page = open_page(browser, site, {"width": width, "height": 800}, language, "/")
    brand, switcher = (
        page.locator(selector).bounding_box() for selector in (".brand", ".language-switcher")
    )
    assert abs(brand["y"] - switcher["y"]) < 8
    context.close()
