import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cities.models import City
from networks.models import Accelerator, Chair, Funder, InitiativeArea, Network
from spotlights.models import Spotlight

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def page(client, language, name, **kwargs):
    response = client.get(url_in(language, name, **kwargs))
    assert response.status_code == 200
    return response.content.decode()


def section(html, labelled_by):
    match = re.search(
        rf'<section[^>]*aria-labelledby="{labelled_by}"[^>]*>(.*?)</section>', html, re.S
    )
    assert match, f"no section {labelled_by}"
    return match.group(1)


def hrefs(fragment):
    return set(re.findall(r'<a href="([^"]+)"', fragment))


def city_links(fragment):
    """Slugs of the cities linked in `fragment`, sorted, repeats kept."""
    return sorted(re.findall(r'<a href="/[^/]+/cities/([^/?]+)/">', fragment))


def linked(fragment, obj):
    return f'<a href="{obj.get_absolute_url()}">{escape(obj.name)}</a>' in fragment


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiatives_page_links_all_seven_areas(client, language):
    html = page(client, language, "networks:initiative-list")
    with translation.override(language):
        areas = list(InitiativeArea.objects.all())
        assert len(areas) == 7
        for area in areas:
            assert linked(html, area), area.slug
            assert escape(area.description) in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiative_area_page_shows_its_networks_cities_and_spotlights(client, language):
    for area in InitiativeArea.objects.all():
        html = page(client, language, "networks:initiative-detail", slug=area.slug)
        with translation.override(language):
            assert escape(area.description) in html
            for network in area.networks.all():
                assert linked(section(html, "networks-title"), network), network.slug
            cities = City.objects.in_initiatives([area])
            assert cities.exists()
            assert city_links(section(html, "cities-title")) == sorted(c.slug for c in cities)
            spotlights = Spotlight.objects.published().in_initiatives([area])
            assert hrefs(section(html, "spotlights-title")) == {
                s.get_absolute_url() for s in spotlights
            }, area.slug


def test_a_draft_spotlight_leaves_its_initiative_area_page(client):
    spotlight = Spotlight.objects.get(slug="beijing-cleaner-air-by-phasing-out-coal")
    area = spotlight.initiative_areas.first()
    url = url_in("en", "networks:initiative-detail", slug=area.slug)
    assert spotlight.get_absolute_url() in client.get(url).content.decode()
    spotlight.status = Spotlight.Status.DRAFT
    spotlight.save()
    assert spotlight.get_absolute_url() not in client.get(url).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_networks_page_lists_all_fifteen_networks_under_their_area(client, language):
    html = page(client, language, "networks:network-list")
    with translation.override(language):
        networks = list(Network.objects.select_related("area"))
        assert len(networks) == 15
        for network in networks:
            assert linked(section(html, f"area-{network.area.slug}"), network), network.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_network_page_links_lead_and_member_cities_and_sources(client, language):
    for network in Network.objects.all():
        html = page(client, language, "networks:network-detail", slug=network.slug)
        with translation.override(language):
            facts = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
            assert linked(facts, network.area)
            for city in network.lead_cities.all():
                assert linked(facts, city), (network.slug, city.slug)
            members = section(html, "members-title")
            for city in network.member_cities.all():
                assert linked(members, city), (network.slug, city.slug)
            assert len(re.findall("<li>", members)) == network.member_cities.count()
            assert escape(network.members_note) in members
        for url in network.sources:
            assert f'<a href="{escape(url)}"' in section(html, "sources-title"), network.slug


def test_network_page_shows_rio_as_lead_of_climate_risk_assessment(client):
    html = page(client, "zh-hans", "networks:network-detail", slug="climate-risk-assessment")
    assert '<dd><a href="/zh-hans/cities/rio-de-janeiro/">里约热内卢</a></dd>' in html
    assert len(city_links(section(html, "members-title"))) == 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_accelerators_page_lists_all_fourteen(client, language):
    html = page(client, language, "networks:accelerator-list")
    with translation.override(language):
        accelerators = list(Accelerator.objects.all())
        assert len(accelerators) == 14
        for accelerator in accelerators:
            assert linked(html, accelerator), accelerator.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_accelerator_page_shows_commitment_signatories_and_sources(client, language):
    for accelerator in Accelerator.objects.all():
        html = page(client, language, "networks:accelerator-detail", slug=accelerator.slug)
        with translation.override(language):
            assert escape(accelerator.commitment) in section(html, "commitment-title")
            signatories = section(html, "signatories-title")
            expected = sorted(c.slug for c in accelerator.signatory_cities.all())
            assert city_links(signatories) == expected, accelerator.slug
        for url in accelerator.sources:
            assert f'<a href="{escape(url)}"' in section(html, "sources-title")


@pytest.mark.parametrize("language", LANGUAGES)
def test_clean_air_links_its_35_signatory_cities(client, language):
    html = page(client, language, "networks:accelerator-detail", slug="clean-air")
    signatories = section(html, "signatories-title")
    assert len(city_links(signatories)) == 35
    assert f'<a href="/{language}/cities/london/">' in signatories


@pytest.mark.parametrize(
    ("language", "slug", "launch"),
    [
        ("en", "clean-air", "Oct. 11, 2019"),
        ("zh-hans", "clean-air", "2019年10月11日"),
        ("en", "clean-investment", "September 2020"),
        ("zh-hans", "clean-investment", "2020年9月"),
        ("en", "c40-un-habitat-urban-planning", "2025"),
        ("zh-hans", "c40-un-habitat-urban-planning", "2025年"),
    ],
)
def test_launch_date_is_written_for_the_language_and_precision(client, language, slug, launch):
    html = page(client, language, "networks:accelerator-detail", slug=slug)
    shown = re.findall(r"<dt>(?:Launch|启动)</dt>\s*<dd>([^<]*)</dd>", html)
    assert [re.sub(r"^(Launched|启动于)\s*", "", date.strip()) for date in shown] == [launch]


def test_accelerator_without_a_known_launch_date_shows_none(client):
    html = page(client, "en", "networks:accelerator-detail", slug="renewable-energy")
    assert "<dt>Launch" not in html and "Launched" not in html


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The sources also name 1 signatory that is not a city of this directory."),
        ("zh-hans", "来源还列出了1个不属于本名录的签署方。"),
    ],
)
def test_clean_construction_mentions_its_outside_signatory(client, language, sentence):
    html = page(client, language, "networks:accelerator-detail", slug="clean-construction")
    assert sentence in section(html, "signatories-title")
    clean_air = page(client, language, "networks:accelerator-detail", slug="clean-air")
    assert sentence.split("1")[0] not in clean_air


@pytest.mark.parametrize(
    ("language", "past_term", "current_term"),
    [
        ("en", "Chair, 2005–2008", "Co-chair, 2023 to the present"),
        ("zh-hans", "主席，2005–2008年", "联合主席，2023年至今"),
    ],
)
def test_about_page_lists_the_chairs_in_the_page_language(
    client, language, past_term, current_term
):
    chairs = section(page(client, language, "networks:about"), "chairs-title")
    assert chairs.count("<li>") == Chair.objects.count() == 9
    with translation.override(language):
        for chair in Chair.objects.select_related("city"):
            assert f"<strong>{escape(chair.person)}</strong>" in chairs
            assert linked(chairs, chair.city)
    assert past_term in chairs
    assert chairs.count(current_term) == 2


def test_chinese_about_page_names_chairs_in_chinese(client):
    html = page(client, "zh-hans", "networks:about")
    assert "<strong>萨迪克·汗</strong>" in html
    assert "Sadiq Khan" not in html and "to the present" not in html


@pytest.mark.parametrize(
    ("language", "kinds"),
    [
        ("en", ["Strategic funder", "Founding funder", "Funder"]),
        ("zh-hans", ["战略资助方", "创始资助方", "资助方"]),
    ],
)
def test_about_page_lists_funders_strategic_first(client, language, kinds):
    funders = section(page(client, language, "networks:about"), "funders-title")
    headings = re.findall(r"<h3>([^<]*)</h3>", funders)
    assert headings == kinds
    with translation.override(language):
        names = [escape(f.name) for f in Funder.objects.all()]
        strategic = [escape(f.name) for f in Funder.objects.filter(kind=Funder.Kind.STRATEGIC)]
    positions = [funders.index(f"<li>{name}</li>") for name in names]
    assert positions == sorted(positions)
    assert max(funders.index(name) for name in strategic) < funders.index("<li>Amazon</li>")


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("en", ["Who C40 is", "What C40 does for cities", "How cities work together"]),
        ("zh-hans", ["认识C40", "C40为城市提供的支持", "城市如何携手合作"]),
    ],
)
def test_about_page_prose_headings_are_in_the_page_language(client, language, headings):
    html = page(client, language, "networks:about")
    for heading in headings:
        assert f">{heading}</h2>" in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name",
    ["networks:initiative-detail", "networks:network-detail", "networks:accelerator-detail"],
)
def test_unknown_slug_shows_the_not_found_page_in_the_page_language(client, language, name):
    response = client.get(url_in(language, name, slug="atlantis"))
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    if language == "zh-hans":
        assert "页面不存在" in html and "Page not found" not in html
    else:
        assert "<h1>Page not found</h1>" in html


@pytest.mark.parametrize(
    ("name", "kwargs", "labels"),
    [
        (
            "networks:accelerator-detail",
            {"slug": "clean-air"},
            ["Signatory cities", "Sources", "Launch", "The commitment", "Signed as"],
        ),
        (
            "networks:network-detail",
            {"slug": "climate-risk-assessment"},
            ["Member cities", "Led by", "Initiative area", "Sources"],
        ),
        ("networks:about", {}, ["The chairs of C40", "Who C40 is", "Funders", "Strategic funder"]),
        ("networks:initiative-detail", {"slug": "energy"}, ["City spotlights", "working in this"]),
        ("networks:initiative-list", {}, ["Initiative areas", " cities ·"]),
        ("networks:network-list", {}, ["member cities listed"]),
        ("networks:accelerator-list", {}, ["Launched", "signatory cities in the directory"]),
    ],
)
def test_chinese_pages_show_no_english_labels(client, name, kwargs, labels):
    english = page(client, "en", name, **kwargs)
    chinese = page(client, "zh-hans", name, **kwargs)
    for label in labels:
        assert label in english
        assert label not in chinese
