"""Where a search result matched, as a short text with the match marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from sitesearch.folding import fold, is_chinese, word_forms
from spotlights.body import body_text
from spotlights.models import Spotlight

WIDTH = 90


def snippet_for(hit, query, language):
    """HTML: the other name a place matched by ("Peking"), or the spotlight's sentence that
    holds the query; "" when the title itself says it."""
    entry = hit.entry
    if hit.matched != "text":
        title = fold(entry.title(language))
        if hit.matched and hit.matched not in (title, title.replace(" ", "")):
            return mark_safe(f"<mark>{escape(hit.matched)}</mark>")  # noqa: S308 (escaped)
        return ""
    spotlight = (
        Spotlight.objects.filter(pk=entry.pk)
        .values_list(f"body_{language.replace('-', '_')}", flat=True)
        .first()
    )
    return marked_excerpt(body_text(spotlight or ""), query)


def marked_excerpt(text, query):
    words = [form for word in fold(query).split() for form in word_forms(word)]
    # An English word from its start ("bus" not in "omnibus"); Chinese has no word breaks.
    alternatives = "|".join(
        re.escape(word) if is_chinese(word) else rf"(?<!\w){re.escape(word)}"
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
