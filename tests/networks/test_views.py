import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cities.models import City
from core.lists import SPOTLIGHT_LIMIT
from networks.models import Accelerator, Chair, Funder, InitiativeArea, Network
from spotlights.models import Spotlight
from tests.rows import each

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
def test_initiatives_page_shows_each_area_as_a_card_with_its_icon(client, language):
    html = page(client, language, "networks:initiative-list")
    with translation.override(language):
        areas = list(InitiativeArea.objects.all())
        assert len(areas) == 7
        for area in areas:
            card = card_for(html, area)
            assert icon(area.slug) in card, area.slug
            assert escape(area.description) in card
            cities = City.objects.in_initiatives([area]).count()
            assert re.search(rf'<p class="count">{cities}\D', card), area.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_initiative_area_page_shows_its_networks_cities_and_spotlights(client, language):
    for area in each(InitiativeArea.objects.all()):
        html = page(client, language, "networks:initiative-detail", slug=area.slug)
        with translation.override(language):
            assert escape(area.description) in html
            assert icon(area.slug) in re.search(r"<h1.*?</h1>", html, re.S).group(0)
            for network in area.networks.all():
                assert linked(section(html, "networks-title"), network), network.slug
            cities = City.objects.in_initiatives([area])
            assert cities.exists()
            assert city_links(section(html, "cities-title")) == sorted(c.slug for c in cities)
            directory = f"{url_in(language, 'cities:city-list')}?initiative={area.slug}"
            assert f'href="{directory}"' in section(html, "cities-title")
            spotlights = Spotlight.objects.published().in_initiatives([area])
            part = section(html, "spotlights-title")
            assert hrefs(part) == {s.get_absolute_url() for s in spotlights[:SPOTLIGHT_LIMIT]}
            everything = url_in(language, "spotlights:spotlight-list") + f"?initiative={area.slug}"
            assert (f'href="{everything}"' in part) == (spotlights.count() > SPOTLIGHT_LIMIT)


def test_a_list_that_grows_with_the_data_shows_its_first_rows_and_links_the_rest(
    client, monkeypatch
):
    """An initiative area page listed every one of its cities and spotlights: 1 430 cities
    and 0.7 s uncached at 10 000. Now the first rows, and a link to the paginated lists."""
    monkeypatch.setattr("networks.views.CITY_LIMIT", 5)
    monkeypatch.setattr("networks.views.SPOTLIGHT_LIMIT", 3)
    area = InitiativeArea.objects.get(slug="energy")
    cities = City.objects.in_initiatives([area])
    spotlights = Spotlight.objects.published().in_initiatives([area])
    html = page(client, "en", "networks:initiative-detail", slug=area.slug)
    city_part, spotlight_part = section(html, "cities-title"), section(html, "spotlights-title")
    assert city_links(city_part) == sorted(c.slug for c in cities)[:5]
    assert f"See all {cities.count()} cities in the directory" in city_part
    assert f"/en/cities/?initiative={area.slug}" in city_part
    assert hrefs(spotlight_part) == {s.get_absolute_url() for s in spotlights[:3]}
    assert f'href="/en/spotlights/?initiative={area.slug}"' in spotlight_part
    assert f"See all {spotlights.count()} city spotlights" in spotlight_part


def test_a_draft_spotlight_leaves_its_initiative_area_page(client):
    spotlight = Spotlight.objects.get(slug="beijing-cleaner-air-by-phasing-out-coal")
    area = spotlight.initiative_areas.first()
    url = url_in("en", "networks:initiative-detail", slug=area.slug)
    assert spotlight.get_absolute_url() in client.get(url).content.decode()
    spotlight.status = Spotlight.Status.DRAFT
    spotlight.save()
    assert spotlight.get_absolute_url() not in client.get(url).content.decode()


def cards(html):
    """The cards of a list page, each as its inner HTML."""
    return re.findall(r'<li class="card[^"]*"[^>]*>(.*?)</li>', html, re.S)


def card_for(html, obj):
    found = [card for card in cards(html) if linked(card, obj)]
    assert len(found) == 1, obj.slug
    return found[0]


def icon(slug):
    return f'<use href="#area-{slug}"></use>'


def source_line(html):
    match = re.search(r'<p class="source-line">(.*?)</p>', html, re.S)
    assert match, "no source line"
    return match.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_networks_page_shows_each_network_as_a_card_with_its_area(client, language):
    html = page(client, language, "networks:network-list")
    with translation.override(language):
        networks = list(
            Network.objects.select_related("area").with_city_counts(City.objects.all())
        )
        assert len(networks) == 15
        for network in networks:
            card = card_for(html, network)
            assert icon(network.area.slug) in card, network.slug
            assert escape(network.area.name) in card, network.slug
            assert escape(network.description) in card, network.slug
            counted = re.search(r'<p class="count">\s*(\d+)', card)
            if network.result_count:
                assert int(counted.group(1)) == network.result_count, network.slug
            else:
                assert counted is None, network.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_network_page_links_its_area_lead_and_member_cities(client, language):
    for network in each(Network.objects.all()):
        html = page(client, language, "networks:network-detail", slug=network.slug)
        with translation.override(language):
            facts = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
            assert linked(facts, network.area)
            assert icon(network.area.slug) in facts
            for city in network.lead_cities.all():
                assert linked(facts, city), (network.slug, city.slug)
            members = network.member_cities.all()
            if members:
                assert city_links(section(html, "members-title")) == sorted(
                    c.slug for c in members
                )
            else:
                assert 'aria-labelledby="members-title"' not in html, network.slug
                directory = (
                    f"{url_in(language, 'cities:city-list')}?initiative={network.area.slug}"
                )
                assert f'href="{directory}"' in html, network.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_pages_end_with_one_line_of_readable_sources(client, language):
    details = [("networks:network-detail", n) for n in Network.objects.all()]
    details += [("networks:accelerator-detail", a) for a in Accelerator.objects.all()]
    for name, obj in details:
        html = page(client, language, name, slug=obj.slug)
        line = source_line(html)
        assert html.count('class="source-line"') == 1
        titles = re.findall(r'<a href="(?:https?:[^"]+)"[^>]*>([^<]*)</a>', line)
        assert len(titles) == len(obj.sources), obj.slug
        for url in obj.sources:
            assert f'<a href="{escape(url)}"' in line, obj.slug
        for title in titles:
            assert title and "/" not in title and not title.startswith("http"), title
        kind = "network" if name == "networks:network-detail" else "accelerator"
        notes = f"{url_in(language, 'networks:sources')}#{kind}-{obj.slug}"
        assert f'<a href="{notes}">' in line, obj.slug


def test_source_line_names_sites_not_addresses(client):
    line = source_line(
        page(client, "en", "networks:network-detail", slug="climate-risk-assessment")
    )
    assert (
        '<span class="label">Sources:</span>'
        '<a href="https://www.c40.org/blog_posts/rio-hosts-c40-risk-assessment-workshop" '
        'rel="nofollow noopener">c40.org</a>, '
    ) in line
    assert ">clintonfoundation.org</a>, " in line
    chinese = source_line(
        page(client, "zh-hans", "networks:network-detail", slug="climate-risk-assessment")
    )
    assert '<span class="label">来源：</span>' in chinese
    assert ">c40.org</a>、<a" in chinese


def test_a_site_cited_twice_is_told_apart():
    from networks.templatetags.provenance import source_links

    links = source_links(["https://www.c40.org/a/", "https://c40.org/b/", "http://x.org/"])
    assert [link.title for link in links] == ["c40.org (1)", "c40.org (2)", "x.org"]


def test_network_page_shows_rio_as_lead_of_climate_risk_assessment(client):
    html = page(client, "zh-hans", "networks:network-detail", slug="climate-risk-assessment")
    assert '<a href="/zh-hans/cities/rio-de-janeiro/">里约热内卢</a></dd>' in html
    assert len(city_links(section(html, "members-title"))) == 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_accelerators_page_shows_each_accelerator_as_a_card(client, language):
    html = page(client, language, "networks:accelerator-list")
    with translation.override(language):
        accelerators = list(Accelerator.objects.with_city_counts(City.objects.all()))
        assert len(accelerators) == 14
        for accelerator in accelerators:
            card = card_for(html, accelerator)
            assert escape(accelerator.commitment) in card
            counted = re.search(r'<p class="count">\s*(\d+)', card)
            if accelerator.result_count:
                assert int(counted.group(1)) == accelerator.result_count, accelerator.slug
            else:
                assert counted is None, accelerator.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_accelerator_page_shows_commitment_and_signatories(client, language):
    for accelerator in each(Accelerator.objects.all()):
        html = page(client, language, "networks:accelerator-detail", slug=accelerator.slug)
        with translation.override(language):
            assert escape(accelerator.commitment) in section(html, "commitment-title")
            expected = sorted(c.slug for c in accelerator.signatory_cities.all())
            if expected:
                assert city_links(section(html, "signatories-title")) == expected, accelerator.slug
            else:
                assert 'aria-labelledby="signatories-title"' not in html, accelerator.slug


@pytest.mark.parametrize("language", LANGUAGES)
def test_clean_air_links_its_35_signatory_cities(client, language):
    html = page(client, language, "networks:accelerator-detail", slug="clean-air")
    signatories = section(html, "signatories-title")
    assert len(city_links(signatories)) == 35
    assert f'<a href="/{language}/cities/london/">' in signatories


LAUNCH_DATES = {
    # (slug, precision): en, zh-hans
    ("clean-air", "day"): ("11 October 2019", "2019年10月11日"),
    ("clean-investment", "month"): ("September 2020", "2020年9月"),
    ("c40-un-habitat-urban-planning", "year"): ("2025", "2025年"),
}


def launch_shown(html):
    shown = re.findall(r"<dt>(?:Launch|启动)</dt>\s*<dd>([^<]*)</dd>", html)
    return [date.strip() for date in shown]


@pytest.mark.parametrize(("slug", "precision"), list(LAUNCH_DATES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_launch_date_is_written_for_the_language_and_precision(client, language, slug, precision):
    assert Accelerator.objects.get(slug=slug).launch_precision == precision
    html = page(client, language, "networks:accelerator-detail", slug=slug)
    assert launch_shown(html) == [LAUNCH_DATES[slug, precision][LANGUAGES.index(language)]]


DATE_SHAPES = {
    "en": {
        "day": r"[1-9]\d? (January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}",
        "month": r"(January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}",
        "year": r"\d{4}",
    },
    "zh-hans": {
        "day": r"\d{4}年[1-9]\d?月[1-9]\d?日",
        "month": r"\d{4}年[1-9]\d?月",
        "year": r"\d{4}年",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_launch_date_has_one_format_per_precision(client, language):
    listing = page(client, language, "networks:accelerator-list")
    for accelerator in each(Accelerator.objects.exclude(launched_on=None)):
        shape = DATE_SHAPES[language][accelerator.launch_precision]
        html = page(client, language, "networks:accelerator-detail", slug=accelerator.slug)
        (shown,) = launch_shown(html)
        assert re.fullmatch(shape, shown), (accelerator.slug, shown)
        assert shown in card_for(listing, accelerator), accelerator.slug


def test_accelerator_without_a_known_launch_date_shows_none(client):
    html = page(client, "en", "networks:accelerator-detail", slug="renewable-energy")
    assert "<dt>Launch" not in html and "Launched" not in html


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "1 more signatory is outside this directory."),
        ("zh-hans", "另有1个签署方不在本名录内。"),
    ],
)
def test_clean_construction_mentions_its_outside_signatory(client, language, sentence):
    html = page(client, language, "networks:accelerator-detail", slug="clean-construction")
    assert sentence in section(html, "signatories-title")
    clean_air = page(client, language, "networks:accelerator-detail", slug="clean-air")
    assert sentence[1:] not in clean_air


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
        for chair in each(Chair.objects.select_related("city")):
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
            ["Signatory cities", "Sources:", "Launch", "The commitment", "Signed as"],
        ),
        (
            "networks:network-detail",
            {"slug": "climate-risk-assessment"},
            ["Member cities", "Led by", "Initiative area", "Sources:", "Notes on the sources"],
        ),
        ("networks:about", {}, ["The chairs of C40", "Who C40 is", "Funders", "Strategic funder"]),
        ("networks:initiative-detail", {"slug": "energy"}, ["City spotlights", "working in this"]),
        ("networks:initiative-list", {}, ["Initiative areas", " cities ·"]),
        ("networks:network-list", {}, ["member cities"]),
        ("networks:accelerator-list", {}, ["Launched", "signatory cities"]),
        (
            "networks:sources",
            {},
            ["Sources and method", "What the portal is built from", "Sources:", "Accelerators"],
        ),
    ],
)
def test_chinese_pages_show_no_english_labels(client, name, kwargs, labels):
    english = page(client, "en", name, **kwargs)
    chinese = page(client, "zh-hans", name, **kwargs)
    for label in labels:
        assert label in english
        assert label not in chinese


def public_pages(language):
    """Every network, accelerator, initiative-area and about page, as (url, main content)."""
    names = [
        ("networks:initiative-list", {}),
        ("networks:network-list", {}),
        ("networks:accelerator-list", {}),
        ("networks:about", {}),
    ]
    names += [
        ("networks:initiative-detail", {"slug": a.slug}) for a in InitiativeArea.objects.all()
    ]
    names += [("networks:network-detail", {"slug": n.slug}) for n in Network.objects.all()]
    names += [("networks:accelerator-detail", {"slug": a.slug}) for a in Accelerator.objects.all()]
    return [(name, kwargs) for name, kwargs in names]


def main_of(html):
    return re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)


RESEARCH_NOTES = re.compile(
    r"no source found|未找到|by its subject|by subject|依其主题|(?<!\d)0 member|(?<!\d)0 signator"
    r"|(?<!\d)0个",
    re.I,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_carry_no_research_notes(client, language):
    with translation.override(language):
        notes = [n.members_note for n in Network.objects.exclude(members_note="")]
        notes += [a.signatories_note for a in Accelerator.objects.exclude(signatories_note="")]
    assert len(notes) == 29
    for name, kwargs in public_pages(language):
        html = main_of(page(client, language, name, **kwargs))
        found = RESEARCH_NOTES.search(html)
        assert not found, (name, kwargs, found and html[found.start() - 80 : found.end() + 20])
        for note in notes:
            assert escape(note) not in html, (name, kwargs, note)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_never_show_an_address_as_link_text(client, language):
    for name, kwargs in public_pages(language):
        html = main_of(page(client, language, name, **kwargs))
        texts = re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S)
        assert texts, (name, kwargs)
        shown = [text for text in texts if re.search(r"https?:|www\.", text)]
        assert not shown, (name, kwargs, shown)


def source_entry(html, anchor):
    match = re.search(rf'<li id="{anchor}">(.*?)</li>', html, re.S)
    assert match, anchor
    return match.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_sources_page_lists_every_network_and_accelerator_with_its_notes_and_sources(
    client, language
):
    html = page(client, language, "networks:sources")
    with translation.override(language):
        entries = [(f"network-{n.slug}", n, n.members_note) for n in Network.objects.all()]
        entries += [
            (f"accelerator-{a.slug}", a, a.signatories_note) for a in Accelerator.objects.all()
        ]
        assert len(entries) == 29
        for anchor, obj, note in entries:
            entry = source_entry(html, anchor)
            assert linked(entry, obj), anchor
            assert escape(note) in entry, anchor
            for url in obj.sources:
                assert f'<a href="{escape(url)}" rel="nofollow noopener">' in entry, anchor
            titles = re.findall(r'<a href="http[^"]*"[^>]*>([^<]*)</a>', entry)
            assert len(titles) == len(obj.sources), anchor
            assert not any(t.startswith("http") for t in titles), anchor


@pytest.mark.parametrize(
    ("language", "by_subject", "no_launch_date"),
    [
        (
            "en",
            "No source states this network’s area: the portal places it by its subject.",
            "No source found gives its launch date.",
        ),
        (
            "zh-hans",
            "没有资料注明该网络的所属领域：本网站依其主题归类。",
            "未找到注明其启动日期的资料。",
        ),
    ],
)
def test_sources_page_says_which_areas_were_placed_by_subject(
    client, language, by_subject, no_launch_date
):
    html = page(client, language, "networks:sources")
    for network in each(Network.objects.all()):
        placed = escape(by_subject) in source_entry(html, f"network-{network.slug}")
        assert placed == (not network.is_area_sourced), network.slug
    for accelerator in each(Accelerator.objects.all()):
        undated = escape(no_launch_date) in source_entry(html, f"accelerator-{accelerator.slug}")
        assert undated == (accelerator.launched_on is None), accelerator.slug


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        ("en", ["98 cities in 7 regions, with 97 spotlights", "CC BY 4.0", "public domain"]),
        ("zh-hans", ["7个地区的98座城市，共97篇城市掠影", "CC BY 4.0", "公有领域"]),
    ],
)
def test_sources_page_names_what_the_portal_is_built_from(client, language, sentences):
    built_from = section(page(client, language, "networks:sources"), "built-from-title")
    for sentence in sentences:
        assert sentence in built_from
    assert 'href="https://www.geonames.org/"' in built_from
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in built_from
    assert 'href="https://www.naturalearthdata.com/"' in built_from


CHINESE_SENTENCE_PUNCTUATION = re.compile(r"[\u3400-\u9fff][,:;()?!]|[,:;(?!][\u3400-\u9fff]")


def test_chinese_sources_page_uses_full_width_punctuation(client):
    html = main_of(page(client, "zh-hans", "networks:sources"))
    text = re.sub(r"<[^>]+>", "", html)
    assert not CHINESE_SENTENCE_PUNCTUATION.search(text), CHINESE_SENTENCE_PUNCTUATION.search(text)
    assert "来源：" in text and "、" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_links_to_the_city_directory(client, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    links = hrefs(main_of(response.content.decode()))
    assert url_in(language, "cities:city-list") in links
    assert url_in(language, "cities:home") not in links
