"""Chromium (Playwright) reading pages fetched over HTTP, as the content of a blank tab: what a
form submits, an admin page's errors, a page's images; nothing more is asked of the server."""

import contextlib

from playwright.sync_api import Error, sync_playwright

from bench.common import BenchError

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
# Every value each named control offers, and what the form submits as it stands (FormData:
# checked boxes only, selected options, textareas' text; no file input, button or disabled
# control).
READ_FORM = """(form) => {
    const offered = {};
    for (const field of form.elements) {
        if (!field.name) continue;
        const values = field.options ? [...field.options].map((o) => o.value) : [field.value];
        (offered[field.name] ||= []).push(...values);
    }
    const submitted = [...new FormData(form)].filter(([, value]) => typeof value === "string");
    return {offered, submitted};
}"""
READ_IMAGES = """(images) => images.map((image) => ({
    src: image.getAttribute("src") || "",
    srcset: image.getAttribute("srcset") || "",
    alt: image.getAttribute("alt"),
}))"""


@contextlib.contextmanager
def blank_tab():
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                yield browser.new_page()
            finally:
                browser.close()
    except Error as error:
        raise BenchError(f"Chromium ({CHROMIUM}, run `make env`) failed: {error}") from None


def read_form(tab, html, selector):
    """{name: every value offered} and the [(name, value)] the form submits; None if none."""
    tab.set_content(html, wait_until="domcontentloaded")
    form = tab.query_selector(selector)
    if form is None:
        return None
    found = form.evaluate(READ_FORM)
    return found["offered"], [tuple(pair) for pair in found["submitted"]]


def texts(tab, html, selector):
    """The text of each element `selector` matches, whitespace collapsed, each once."""
    tab.set_content(html, wait_until="domcontentloaded")
    found = [" ".join(text.split()) for text in tab.locator(selector).all_inner_texts()]
    return list(dict.fromkeys(text for text in found if text))


def images(tab, html):
    """The page's <img> tags: [{src, srcset (the attribute), alt}]."""
    tab.set_content(html, wait_until="domcontentloaded")
    return tab.eval_on_selector_all("img", READ_IMAGES)
