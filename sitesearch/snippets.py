"""Where a search result matched, as a short text with the match marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname

from sitesearch.folding import fold, is_chinese
from sitesearch.text import needs_of
from spotlights.body import body_text
from spotlights.models import Spotlight

WIDTH = 90
TEXT_MATCHES = ("text", "some words")  # sitesearch/engine.py: found in a spotlight's text


def snippets_for(hits, query, language):
    """[HTML] for each hit: the other name a place matched by ("Peking"), or the spotlight's
    sentence that holds the query; "" when the title itself says it. The bodies of every
    spotlight found by its text are read in one query."""
    text_hits = [hit.entry.pk for hit in hits if hit.matched in TEXT_MATCHES]
    column = build_localized_fieldname("body", language)
    bodies = dict(Spotlight.objects.filter(pk__in=text_hits).values_list("pk", column))
    return [
        marked_excerpt(body_text(bodies.get(hit.entry.pk) or ""), query)
        if hit.matched in TEXT_MATCHES
        else other_name(hit, language)
        for hit in hits
    ]


def other_name(hit, language):
    title = fold(hit.entry.title(language))
    if hit.matched and hit.matched not in (title, title.replace(" ", "")):
        return mark_safe(f"<mark>{escape(hit.matched)}</mark>")  # noqa: S308 (escaped)
    return ""


def marked_excerpt(text, query):
    words = [word for need in needs_of(fold(query).split()) for word, _whole in need]
    # A whole English word from its start ("flood" marks "flooding", not "bus" in "omnibus");
    # Chinese has no word breaks.
    alternatives = "|".join(
        re.escape(word) if is_chinese(word) else rf"(?<!\w){re.escape(word)}\w*"
        for word in sorted(words, key=len, reverse=True)
    )
    pattern = re.compile(alternatives, re.IGNORECASE)
    found = pattern.search(text) if words else None
    if found is None:
        return escape(text[:WIDTH]) + ("…" if len(text) > WIDTH else "")
    start = max(found.start() - WIDTH // 2, 0)
    excerpt = text[start : start + WIDTH]
    marked = pattern.sub(lambda match: f"\0{match.group(0)}\1", excerpt)
    html = escape(marked).replace("\0", "<mark>").replace("\1", "</mark>")
    return mark_safe(("…" if start else "") + html + ("…" if start + WIDTH < len(text) else ""))  # noqa: S308
