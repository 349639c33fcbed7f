"""Front-end budget: small pages, no third-party requests, no render-blocking scripts."""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PAGES = ["/en/cities/", "/zh-hans/cities/", "/en/", "/en/cities/london/"]
BUDGET_BYTES = 60 * 1024
# <link rel> values that make the browser fetch; canonical/alternate are navigation only.
FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
# Attributes that make the browser fetch, by tag (<image> is SVG's embedded image).
FETCHING_ATTRS = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "image": ["href", "xlink:href"],
}
# Script types the browser never runs as classic blocking scripts.
NON_BLOCKING_TYPES = {"module", "application/ld+json", "application/json"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class TagCollector(HTMLParser):
    """Every start tag as (tag, attrs, inside <head>), plus the text of <style> elements."""

    def __init__(self):
        super().__init__()
        self.tags, self.style_text, self.in_head, self.in_style = [], [], False, False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}, self.in_head))
        self.in_head = (self.in_head or tag == "head") and tag != "body"
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_head = self.in_head and tag != "head"
        self.in_style = self.in_style and tag != "style"

    def handle_data(self, data):
        if self.in_style:
            self.style_text.append(data)


def parse_page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = TagCollector()
    parser.feed(response.content.decode())
    parser.close()
    return response.content, parser


def rels(attrs):
    return set(attrs.get("rel", "").lower().split())


def stylesheet_urls(parser):
    return [
        attrs["href"]
        for tag, attrs, _ in parser.tags
        if tag == "link" and "stylesheet" in rels(attrs) and attrs.get("href")
    ]


def script_urls(parser):
    return [attrs["src"] for tag, attrs, _ in parser.tags if tag == "script" and attrs.get("src")]


def read_static(url):
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is linked but no static file of that name exists"
    with open(found, "rb") as file:
        return file.read()


def css_urls(css):
    return [url or imported for url, imported in CSS_URL.findall(css)]


def is_same_host(url):
    parts = urlsplit(url)
    return not parts.netloc and parts.scheme in ("", "data")


def requested_urls(parser):
    """Every URL the browser would fetch for the page: tags, inline styles, linked CSS."""
    urls = []
    for tag, attrs, _ in parser.tags:
        if tag == "link" and rels(attrs) & FETCHING_RELS:
            urls.append(attrs.get("href", ""))
        for name in FETCHING_ATTRS.get(tag, []):
            if "srcset" in name:
                urls += [c.split()[0] for c in attrs.get(name, "").split(",") if c.strip()]
            else:
                urls.append(attrs.get(name, ""))
        urls += css_urls(attrs.get("style", ""))
    urls += css_urls("".join(parser.style_text))
    for url in filter(is_same_host, stylesheet_urls(parser)):
        urls += css_urls(read_static(url).decode())
    return [url for url in urls if url]


def blocking_scripts(parser):
    """Classic scripts that stop parsing: external without defer/async, or inline in <head>."""
    found = []
    for tag, attrs, in_head in parser.tags:
        if tag != "script" or attrs.get("type", "").lower() in NON_BLOCKING_TYPES:
            continue
        if attrs.get("src") and not {"defer", "async"} & attrs.keys():
            found.append(attrs["src"])
        elif not attrs.get("src") and in_head:
            found.append("inline <script> in <head>")
    return found


@pytest.mark.parametrize("path", PAGES)
def test_html_css_and_js_fit_the_gzipped_page_weight_budget(client, path):
    html, parser = parse_page(client, path)
    sizes = {path: len(gzip.compress(html, 6))}
    assets = stylesheet_urls(parser) + script_urls(parser)
    sizes |= {url: len(gzip.compress(read_static(url), 6)) for url in assets}
    report = "\n".join(f"  {size:>7,} B  {name}" for name, size in sizes.items())
    total = sum(sizes.values())
    assert total <= BUDGET_BYTES, (
        f"{path} weighs {total:,} B gzipped, over the {BUDGET_BYTES:,} B budget:\n{report}"
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_requests_nothing_from_another_host(client, path):
    _, parser = parse_page(client, path)
    foreign = [url for url in requested_urls(parser) if not is_same_host(url)]
    assert not foreign, f"{path} makes requests to other hosts: {foreign}"


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_render_blocking_script(client, path):
    _, parser = parse_page(client, path)
    blocking = blocking_scripts(parser)
    assert not blocking, f"{path} has render-blocking scripts: {blocking}"
