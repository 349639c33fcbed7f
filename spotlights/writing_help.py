"""Hints for the writer after a save, never a refusal: text in the wrong script, Chinese
punctuation that was corrected, and C40 cities, networks and accelerators the body names
without linking to their pages (with the link to paste)."""

import re

from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from cities.models import City
from core.languages import language_codes, writes_chinese
from core.typography import HAN, normalize_chinese_punctuation
from networks.models import Accelerator, Network
from spotlights.body import body_text
from spotlights.models import TRANSLATED_FIELDS, field_label

CHINESE_CHARACTER = re.compile(f"[{HAN}]")
LINK = re.compile(r'href="([^"]+)"')
MOST_NAMES = 8  # a longer list of hints is not read


def writing_hints(spotlight, submitted):
    """What the writer may want to fix in the saved `spotlight`; `submitted` is the form's
    cleaned data (the text as typed, before the save tidied it)."""
    return [
        *chinese_in_other_languages(spotlight),
        *corrected_punctuation(submitted),
        *names_without_links(spotlight),
    ]


def columns(fields=(*TRANSLATED_FIELDS, "key_figure_label")):
    for code in language_codes():
        for field in fields:
            yield code, build_localized_fieldname(field, code)


def chinese_in_other_languages(spotlight):
    for code, column in columns():
        text = getattr(spotlight, column) or ""
        if not writes_chinese(code) and CHINESE_CHARACTER.search(body_text(text)):
            yield _("%(field)s contains Chinese characters: is it in the right language?") % {
                "field": field_label(column)
            }


def corrected_punctuation(submitted):
    for code, column in columns():
        if writes_chinese(code) and (typed := submitted.get(column)):
            if normalize_chinese_punctuation(typed) != typed:
                yield _(
                    "%(field)s: ASCII punctuation between Chinese characters was made "
                    "full-width. Check the saved text."
                ) % {"field": field_label(column)}


def names_without_links(spotlight):
    found = []
    for code in language_codes():
        html = getattr(spotlight, build_localized_fieldname("body", code)) or ""
        text, linked = body_text(html), set(LINK.findall(html))
        for obj, name in named_pages(code, exclude_city=spotlight.city_id, text=text):
            if mentions(text, name, code):
                with translation.override(code):
                    url = obj.get_absolute_url()
                if url not in linked:
                    found.append((name, url))
    hints = [
        _("The body names %(name)s without a link; its page: %(url)s") % {"name": name, "url": url}
        for name, url in dict.fromkeys(found)
    ]
    return hints[:MOST_NAMES]


def named_pages(code, exclude_city, text):
    """(object, its name in language `code`) of the C40 cities, networks and accelerators
    whose name occurs in `text`. Names are read as plain rows and tested as substrings first
    (fast): at 10 000 cities, loading every city and trying a pattern per name cost a save
    a quarter of a second."""
    column = build_localized_fieldname("name", code)
    for model in (City, Network, Accelerator):
        rows = model.objects.exclude(**{column: ""}).values_list("pk", "slug", column)
        if model is City:
            rows = rows.exclude(pk=exclude_city)
        for pk, slug, name in rows.iterator(chunk_size=5000):
            if name and name in text:
                yield model(pk=pk, slug=slug), name


def mentions(text, name, code):
    if writes_chinese(code):
        return name in text
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None
