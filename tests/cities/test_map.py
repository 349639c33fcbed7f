"""The maps as the server renders them: containers, their data, the vendored files.

What the browser draws from them is tested in tests/browser/test_map.py.
"""

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from cities.models import Region

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
WORLD_LAND = ROOT / "static" / "data" / "world-land.geojson"
LEAFLET = ROOT / "static" / "vendor" / "leaflet"
AXE = ROOT / "tests" / "browser" / "vendor" / "axe-core" / "axe.min.js"
MAP_SCRIPTS = ["/static/vendor/leaflet/leaflet.js", "/static/js/city-map.js"]
LEAFLET_CSS = "/static/vendor/leaflet/leaflet.css"
TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    def with_attribute(self, name):
        return [attrs for _tag, attrs in self.found if name in attrs]

    def only(self, name):
        (attrs,) = self.with_attribute(name)
        return attrs


def page_elements(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return Elements(response.content.decode()), response


def devdependency(package):
    return json.loads((ROOT / "package.json").read_text())["devDependencies"][package]


def test_directory_map_fetches_every_city_of_the_current_filters(client):
    elements, response = page_elements(client, "/en/cities/?region=africa&region=europe&page=2")
    url = urlsplit(elements.only("data-geojson-url")["data-geojson-url"])
    assert url.path == reverse("api:city-geojson")
    assert parse_qs(url.query) == {"region": ["africa", "europe"]}  # every page, not page 2
    collection = client.get(f"{url.path}?{url.query}").json()
    assert len(collection["features"]) == response.context["paginator"].count > 24


def test_unfiltered_directory_map_fetches_every_city(client):
    elements, _ = page_elements(client, "/zh-hans/cities/")
    assert elements.only("data-geojson-url")["data-geojson-url"] == reverse("api:city-geojson")


def test_directory_map_reserves_its_place_and_says_it_needs_javascript(client):
    html = client.get("/en/cities/?country=china").content.decode()
    map_at = html.index("data-directory-map")
    assert not re.search(r"<div[^>]*data-directory-map[^>]*\bhidden\b", html)
    assert "The map needs JavaScript. The list below has every city." in html
    # After the search and the filters, before the downloads and the list of results.
    assert html.index('id="filters"') < html.index('id="q"') < map_at
    assert map_at < html.index('class="downloads"') < html.index('<ul class="city-results">')
    assert f"{reverse('api:city-csv')}?country=china" in html


@pytest.mark.parametrize("query", ["q=xyzzy", "region=africa&q=oslo"])
def test_no_result_means_no_map_and_nothing_to_download(client, query):
    response = client.get(f"/en/cities/?{query}")
    html = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "data-directory-map" not in html and "data-map-legend" not in html
    assert 'class="downloads"' not in html and reverse("api:city-csv") not in html
    assert "data-view-switch" not in html
    # The places stay, empty, for live-filters.js to fill when a change brings results back.
    assert '<div class="map-slot" id="map-slot" data-live="keep"></div>' in html
    assert '<div class="downloads-slot" id="downloads-slot" data-live></div>' in html


@pytest.mark.parametrize(
    ("query", "regions"),
    [
        ("", 7),
        ("region=africa&region=europe", 2),
        ("country=china", 1),
    ],
)
def test_the_map_key_names_the_regions_on_the_map(client, query, regions):
    elements, response = page_elements(client, f"/zh-hans/cities/?{query}")
    html = response.content.decode()
    key = html[html.index("data-map-legend") : html.index("</ul>", html.index("data-map-legend"))]
    assert key.count('<li class="region-') == regions
    if query == "country=china":
        assert "东亚中部" in key


def scripts_and_styles(elements):
    scripts = {attrs["src"]: attrs for tag, attrs in elements.found if tag == "script"}
    styles = [attrs["href"] for tag, attrs in elements.found if tag == "link"]
    return scripts, styles


def test_city_page_loads_leaflet_and_the_map_script_deferred(client):
    elements, _ = page_elements(client, "/en/cities/london/")
    scripts, styles = scripts_and_styles(elements)
    for src in MAP_SCRIPTS:
        assert "defer" in scripts[src], src
    # Leaflet's stylesheet comes from the script: it must not block the first paint.
    assert "/static/vendor/leaflet/leaflet.css" not in styles
    assert elements.only("data-leaflet-css")["data-leaflet-css"] == LEAFLET_CSS


@pytest.mark.parametrize("path", ["/en/cities/", "/zh-hans/cities/"])
def test_directory_fetches_leaflet_only_when_its_map_is_shown(client, path):
    # A phone lists the cities first: Leaflet (40 kB gzipped) comes when the map is asked for.
    elements, _ = page_elements(client, path)
    scripts, styles = scripts_and_styles(elements)
    assert "defer" in scripts["/static/js/city-map.js"]
    assert "/static/vendor/leaflet/leaflet.js" not in scripts
    assert "/static/vendor/leaflet/leaflet.css" not in styles
    holder = elements.only("data-directory-map")
    assert holder["data-leaflet-js"] == "/static/vendor/leaflet/leaflet.js"
    assert holder["data-leaflet-css"] == LEAFLET_CSS


@pytest.mark.parametrize("path", ["/en/", "/en/spotlights/", "/en/regions/africa/"])
def test_pages_without_a_map_load_no_map_files(client, path):
    html = client.get(path).content.decode()
    assert "leaflet" not in html
    assert "city-map.js" not in html


@pytest.mark.parametrize("path", ["/en/cities/", "/en/cities/london/"])
def test_no_tile_layer_unless_configured(client, path):
    html = client.get(path).content.decode()
    assert "data-tile-url" not in html
    assert "data-tile-attribution" not in html


@pytest.mark.parametrize("path", ["/en/cities/", "/zh-hans/cities/london/"])
def test_configured_tile_layer_reaches_the_map(client, settings, path):
    settings.MAP_TILE_URL = TILE_URL
    settings.MAP_TILE_ATTRIBUTION = '&copy; <a href="https://example.org/">Example</a>'
    elements, _ = page_elements(client, path)
    map_options = elements.only("data-tile-url")
    assert map_options["data-tile-url"] == TILE_URL
    assert map_options["data-tile-attribution"] == settings.MAP_TILE_ATTRIBUTION


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_city_map_carries_the_city_and_keeps_the_svg_fallback(client, language):
    elements, _ = page_elements(client, f"/{language}/cities/sao-paulo/")
    holder = elements.only("data-city-map")
    # No region of its own: the marker takes the colour of the region-coloured page around it.
    assert "data-region" not in holder
    (article, *_) = (attrs for tag, attrs in elements.found if tag == "article")
    assert "region-latin-america" in article["class"].split()
    assert float(holder["data-latitude"]) == pytest.approx(-23.55, abs=0.01)
    assert float(holder["data-longitude"]) == pytest.approx(-46.63, abs=0.01)
    assert holder["data-world-url"] == "/static/data/world-land.geojson"
    assert holder["data-zoom-in-title"] and holder["data-zoom-out-title"]
    # The page's first drawing (after the hidden icon sprite) is the map.
    fallback = [attrs for tag, attrs in elements.found if tag == "svg" and "role" in attrs]
    assert fallback and fallback[0]["aria-labelledby"] == "map-caption"


def test_directory_map_is_labelled_and_says_the_list_is_its_alternative(client):
    elements, _ = page_elements(client, "/en/cities/")
    canvas = elements.only("data-map")
    assert canvas["role"] == "region"
    assert canvas["aria-labelledby"] == "directory-map-title"
    assert canvas["aria-describedby"] == "directory-map-note"
    assert {"href": "#results"} in [attrs for tag, attrs in elements.found if tag == "a"]


def test_every_region_has_a_marker_colour():
    css = (ROOT / "static" / "css" / "site.css").read_text()
    colours = dict(
        re.findall(r"\.region-([a-z0-9-]+) \{ --region-colour: (#[0-9a-f]{6}); \}", css)
    )
    assert set(Region.objects.values_list("slug", flat=True)) <= colours.keys()
    assert len(set(colours.values())) == len(colours)


def test_world_land_outline_is_valid_small_geojson():
    raw = WORLD_LAND.read_bytes()
    assert len(raw) < 80_000
    assert len(gzip.compress(raw)) < 25_000
    (land,) = json.loads(raw)["features"]
    assert land["geometry"]["type"] == "MultiPolygon"
    for polygon in land["geometry"]["coordinates"]:
        for ring in polygon:
            assert len(ring) >= 4 and ring[0] == ring[-1]
            for longitude, latitude in ring:
                assert -180 <= longitude <= 180 and -90 <= latitude <= 90
                assert round(longitude, 1) == longitude and round(latitude, 1) == latitude
            for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
                along_a_pole = abs(y0) == abs(y1) == 90  # Antarctica runs round by the pole
                assert abs(x1 - x0) <= 180 or along_a_pole, "a ring jumps across the map"


def test_vendored_leaflet_is_the_pinned_version():
    version = devdependency("leaflet")
    assert version == "1.9.4"
    script = (LEAFLET / "leaflet.js").read_text()
    assert f"Leaflet {version}," in script[:200]
    assert f'version="{version}"' in script
    # collectstatic's manifest storage refuses references to files that are not shipped.
    assert "sourceMappingURL" not in script
    assert "url(images/" not in (LEAFLET / "leaflet.css").read_text()
    assert "BSD" in (LEAFLET / "LICENSE").read_text()
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/leaflet"]["version"] == version


def test_vendored_axe_core_is_the_pinned_version():
    version = devdependency("axe-core")
    assert re.fullmatch(r"4\.11\.\d+", version)
    assert f"axe v{version}" in AXE.read_text()[:200]
