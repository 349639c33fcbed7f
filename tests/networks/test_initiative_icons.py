import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from networks.models import InitiativeArea

SPRITE = Path(settings.BASE_DIR) / "static" / "img" / "initiatives.svg"
SVG = "{http://www.w3.org/2000/svg}"


def sprite_symbols():
    root = ET.parse(SPRITE).getroot()
    return {symbol.get("id"): symbol for symbol in root.iter(f"{SVG}symbol")}


def fixture_area_slugs():
    objects = json.loads((Path(settings.BASE_DIR) / "fixtures" / "networks.json").read_text())
    return {o["fields"]["slug"] for o in objects if o["model"] == "networks.initiativearea"}


def render(source, **context):
    return Template("{% load initiatives %}" + source).render(Context(context))


def test_every_initiative_area_of_the_fixtures_has_a_symbol_in_the_sprite():
    slugs = fixture_area_slugs()
    assert len(slugs) == 7
    symbols = sprite_symbols()
    for slug in slugs:
        symbol = symbols.get(f"area-{slug}")
        assert symbol is not None, slug
        assert symbol.get("viewBox") == "0 0 24 24", slug
        assert len(list(symbol.iter())) > 2, f"{slug} draws nothing"


def test_sprite_icons_are_line_drawings_in_the_text_colour():
    for symbol_id, symbol in sprite_symbols().items():
        group = symbol.find(f"{SVG}g")
        assert group is not None, symbol_id
        assert group.get("stroke") == "currentColor", symbol_id
        assert group.get("fill") == "none", symbol_id


@pytest.mark.django_db
def test_icon_renders_for_every_area_of_the_dataset_given_the_area_or_its_slug():
    areas = list(InitiativeArea.objects.all())
    assert len(areas) == 7
    for area in areas:
        from_area = render("{% initiative_icon area %}", area=area)
        from_slug = render("{% initiative_icon slug %}", slug=area.slug)
        assert from_area == from_slug
        assert f'<use href="#area-{area.slug}"></use>' in from_area
        assert 'class="area-icon" width="24" height="24"' in from_area
        assert 'aria-hidden="true" focusable="false"' in from_area


def test_icon_takes_a_size():
    html = render('{% initiative_icon "energy" size=48 %}')
    assert 'width="48" height="48"' in html


def test_icon_points_inside_the_page_even_with_static_files_on_a_cdn(settings):
    settings.STATIC_URL = "https://cdn.example.org/static/"
    html = render('{% initiative_icon "energy" %}')
    # A <use> pointing at another origin is refused by browsers: the sprite is in the page.
    assert '<use href="#area-energy"></use>' in html
    assert "cdn.example.org" not in html


def test_an_area_slug_cannot_break_out_of_the_attribute():
    html = render("{% initiative_icon slug %}", slug='x"><script>')
    assert "<script>" not in html


@pytest.mark.django_db
def test_every_page_carries_the_icons_it_points_at_so_a_static_cdn_cannot_break_them(client):
    html = client.get("/en/spotlights/").content.decode()
    used = set(re.findall(r'<use href="#(area-[a-z-]+)">', html))
    defined = set(re.findall(r'<symbol id="(area-[a-z-]+)"', html))
    assert used and used <= defined
    assert "initiatives.svg#" not in html
