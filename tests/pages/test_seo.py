import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import City, Region
from core.sitemaps import BilingualSitemap
from networks.models import Accelerator, InitiativeArea, Network
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
OTHER = {"en": "zh-hans", "zh-hans": "en"}
OG_LOCALE = {"en": "en_GB", "zh-hans": "zh_CN"}
CJK = re.compile(r"[\u3400-\u9fff]")
SERVER = "https://cities.example.org"
SPOTLIGHT = "abidjan-flood-early-warning-and-protection-plans"

PAGES = [
    ("cities:home", {}),
    ("cities:city-list", {}),
    ("cities:city-detail", {"slug": "beijing"}),
    ("cities:region-list", {}),
    ("cities:region-detail", {"slug": "africa"}),
    ("networks:initiative-list", {}),
    ("networks:initiative-detail", {"slug": "energy"}),
    ("networks:network-list", {}),
    ("networks:network-detail", {"slug": "climate-risk-assessment"}),
    ("networks:accelerator-list", {}),
    ("networks:accelerator-detail", {"slug": "clean-air"}),
    ("spotlights:spotlight-list", {}),
    ("spotlights:spotlight-detail", {"slug": SPOTLIGHT}),
    ("networks:about", {}),
    ("networks:sources", {}),
]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


class Head(HTMLParser):
    """The <html lang>, <title>, <link> and <meta> tags of a page, as a browser reads them."""

    def __init__(self, html):
        super().__init__()
        self.lang, self.title, self.links, self.metas = None, "", [], {}
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.metas.setdefault(key, []).append(attrs.get("content"))

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def alternates(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "type" not in link  # a typed one is a feed
        }

    def canonical(self):
        return [link["href"] for link in self.links if link.get("rel") == "canonical"]


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_page_names_its_language_and_links_the_same_page_in_the_other(
    client, name, kwargs, language
):
    url = url_in(language, name, **kwargs)
    head = head_of(client, url)
    assert head.lang == language
    own = SERVER + url
    other = SERVER + url_in(OTHER[language], name, **kwargs)
    english = own if language == "en" else other
    assert head.alternates() == {language: own, OTHER[language]: other, "x-default": english}
    assert head.canonical() == [own]
    assert head.metas["og:url"] == [own]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_title_description_and_open_graph_are_in_the_page_language(client, name, kwargs, language):
    head = head_of(client, url_in(language, name, **kwargs))
    page_title = head.title.split(" · ")[0]
    description = head.metas["description"][0]
    (og_title,) = head.metas["og:title"]
    assert page_title and description and og_title
    assert head.metas["og:description"] == [description]  # one description, said once
    for text in (page_title, description, og_title):
        assert bool(CJK.search(text)) == (language == "zh-hans"), text
    assert head.metas["og:locale"] == [OG_LOCALE[language]]
    assert head.metas["og:locale:alternate"] == [OG_LOCALE[OTHER[language]]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_filtered_directory_alternates_keep_the_query_string(client, language):
    head = head_of(client, url_in(language, "cities:city-list") + "?region=africa")
    assert head.alternates() == {
        "en": f"{SERVER}/en/cities/?region=africa",
        "zh-hans": f"{SERVER}/zh-hans/cities/?region=africa",
        "x-default": f"{SERVER}/en/cities/?region=africa",
    }


def test_language_switcher_on_a_filtered_directory_keeps_the_filters(client):
    html = client.get("/en/cities/", {"region": "africa", "q": "lagos"}).content.decode()
    switch = re.search(r'<a href="([^"]*)" hreflang="zh-hans"[^>]*>简体中文</a>', html)
    assert switch
    assert switch.group(1) == "/zh-hans/cities/?region=africa&amp;q=lagos"
    back = client.get("/zh-hans/cities/?region=africa&q=lagos").content.decode()
    assert '<a href="/en/cities/?region=africa&amp;q=lagos" hreflang="en"' in back
    assert "拉各斯" in back


SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def xml_of(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)


def sitemap_pages(client, **headers):
    """The addresses of the section sitemaps /sitemap.xml lists."""
    index = xml_of(client, "/sitemap.xml", **headers)
    return [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]


def sitemap_entries(client):
    """{loc: {hreflang: href}} of every <url> in every section sitemap the index lists."""
    entries = {}
    for page in sitemap_pages(client):
        assert page.startswith(SERVER)
        root = xml_of(client, page.removeprefix(SERVER))
        for url in root.findall("s:url", SITEMAP_NS):
            links = url.findall("x:link", SITEMAP_NS)
            entries[url.find("s:loc", SITEMAP_NS).text] = {
                link.get("hreflang"): link.get("href") for link in links
            }
    return entries


def test_sitemap_sections_are_paged(client, monkeypatch):
    """A section too long for one page is split over several, each listed in the index."""
    monkeypatch.setattr(BilingualSitemap, "limit", 80)
    pages = [page for page in sitemap_pages(client) if "/sitemap-cities.xml" in page]
    assert pages == [
        f"{SERVER}/sitemap-cities.xml",
        f"{SERVER}/sitemap-cities.xml?p=2",
        f"{SERVER}/sitemap-cities.xml?p=3",
    ]
    seen = []
    for page in pages:
        root = xml_of(client, page.removeprefix(SERVER))
        seen += [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert len(seen) == len(set(seen)) == 2 * City.objects.count()
    assert client.get("/sitemap-cities.xml?p=4").status_code == 404


def test_sitemap_addresses_come_from_the_public_origin_not_the_request(client):
    forged = {"HTTP_HOST": "localhost:6666", "HTTP_X_FORWARDED_PROTO": "http"}
    assert all(page.startswith(SERVER) for page in sitemap_pages(client, **forged))
    section = client.get("/sitemap-regions.xml", **forged).content.decode()
    assert "localhost" not in section
    assert f"{SERVER}/zh-hans/regions/africa/" in section


SITEMAP_OBJECTS = [
    ("cities:city-detail", City.objects.all),
    ("cities:region-detail", Region.objects.all),
    ("spotlights:spotlight-detail", lambda: Spotlight.objects.published()),
    ("networks:network-detail", Network.objects.all),
    ("networks:accelerator-detail", Accelerator.objects.all),
    ("networks:initiative-detail", InitiativeArea.objects.all),
]


@pytest.mark.parametrize(("name", "objects"), SITEMAP_OBJECTS)
def test_sitemap_lists_every_object_in_both_languages_with_alternates(client, name, objects):
    entries = sitemap_entries(client)
    slugs = list(objects().values_list("slug", flat=True))
    assert slugs
    for slug in slugs:
        urls = {language: SERVER + url_in(language, name, slug=slug) for language in LANGUAGES}
        for language in LANGUAGES:
            assert urls[language] in entries, urls[language]
            alternates = entries[urls[language]]
            assert alternates["en"] == urls["en"]
            assert alternates["zh-hans"] == urls["zh-hans"]
            assert "x-default" in alternates


def test_sitemap_lists_the_published_spotlights_and_nothing_else(client):
    locs = set(sitemap_entries(client))
    listed = {loc for loc in locs if re.search(r"/spotlights/[^/]+/$", loc)}
    assert len(listed) == 2 * Spotlight.objects.published().count() == 2 * 97


def test_sitemap_drops_a_spotlight_once_it_is_a_draft(client):
    spotlight = Spotlight.objects.get(slug=SPOTLIGHT)
    urls = [
        SERVER + url_in(language, "spotlights:spotlight-detail", slug=SPOTLIGHT)
        for language in LANGUAGES
    ]
    assert set(urls) <= set(sitemap_entries(client))
    spotlight.status = Spotlight.Status.DRAFT
    spotlight.save()
    assert not set(urls) & set(sitemap_entries(client))


def test_robots_txt_names_the_sitemap_and_not_the_admin_address(client):
    """The admin's address is configurable so scanners cannot find it: robots.txt keeps it."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow:" in lines
    assert not any("admin" in line for line in lines)
    assert f"Sitemap: {SERVER}/sitemap.xml" in lines
