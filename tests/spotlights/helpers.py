"""Helpers: posting the spotlight admin forms as a browser would, reading pages as it does."""

import re
from html.parser import HTMLParser


def change_form_data(spotlight, **changes):
    """What the admin's change form posts for `spotlight`, with `changes` typed over it."""
    data = {
        "city": spotlight.city_id,
        "initiative_areas": [area.pk for area in spotlight.initiative_areas.all()],
        "status": spotlight.status,
        "published_at_0": spotlight.published_at.strftime("%Y-%m-%d")
        if spotlight.published_at
        else "",
        "published_at_1": spotlight.published_at.strftime("%H:%M:%S")
        if spotlight.published_at
        else "",
        "slug": spotlight.slug,
        "seen_version": spotlight.version,
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
    }
    for field in ("title", "summary", "body", "source", "key_figure", "key_figure_label"):
        for language in ("en", "zh_hans"):
            name = f"{field}_{language}"
            data[name] = getattr(spotlight, name) or ""
    data.update(changes)
    return data


ALLOWED_LINK_SCHEMES = {"http", "https", "mailto"}
# WHATWG URL parsing: C0 controls and spaces are trimmed from both ends, tabs and newlines
# are removed wherever they are; what is left before the first ":" may be a scheme.
URL_EDGE = "".join(map(chr, range(0x21)))
URL_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
URL_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


class ElementCollector(HTMLParser):
    """Every element of an HTML fragment as (tag, {attribute: decoded value}), in order.

    The parser decodes character references in attribute values as a browser does, so a
    `javascript:` URL written with entities is seen as the browser will follow it.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parsed(html):
    collector = ElementCollector()
    collector.feed(html)
    collector.close()
    return collector


def elements_of(html):
    return parsed(html).elements


def text_of(html):
    """The text a reader sees, character references decoded."""
    return "".join(parsed(html).text)


def link_targets(html):
    """The decoded href of every element that has one."""
    return [attrs["href"] for _tag, attrs in elements_of(html) if "href" in attrs]


def url_scheme(href):
    """The scheme a browser reads in `href`, lower-cased; None for a relative URL."""
    match = URL_SCHEME.match(href.strip(URL_EDGE).translate(URL_TAB_OR_NEWLINE))
    return match.group(1).lower() if match else None


def unsafe_links(html):
    """The links in `html` whose scheme is not http, https or mailto."""
    return [
        href
        for href in link_targets(html)
        if url_scheme(href) not in {None, *ALLOWED_LINK_SCHEMES}
    ]


def working_copy(spotlight):
    """The spotlight as staff last saved it: its working draft applied, if it has one."""
    from spotlights.drafts import apply_draft
    from spotlights.models import Spotlight

    copy = Spotlight.objects.get(pk=spotlight.pk)
    apply_draft(copy)
    return copy


def decision(spotlight, **data):
    """What the review or discard page posts: its buttons' data and the version it showed."""
    from spotlights.models import Spotlight

    return {**data, "version": Spotlight.objects.get(pk=spotlight.pk).version}
