"""Two versions of a spotlight compared field by field and language by language: English by
words, Chinese by characters (it has no spaces between words), bodies as the reader sees them."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from modeltranslation.utils import build_localized_fieldname

from core.languages import language_codes, writes_chinese
from spotlights.body import body_text
from spotlights.models import WRITTEN_FIELDS, field_label

WORD_OR_GAP = re.compile(r"\s+|\w+|[^\w\s]")


def tokens(text, language):
    return list(text) if writes_chinese(language) else WORD_OR_GAP.findall(text)


def marked_difference(before, after, language):
    """`after` as HTML, what it lost in <del> and what it gained in <ins>."""
    old, new = tokens(before, language), tokens(after, language)
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation in ("replace", "delete"):
            parts.append(("del", "".join(old[i1:i2])))
        if operation in ("replace", "insert"):
            parts.append(("ins", "".join(new[j1:j2])))
        if operation == "equal":
            parts.append((None, "".join(new[j1:j2])))
    return mark_safe(  # noqa: S308 (every piece escaped)
        "".join(f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text) for tag, text in parts)
    )


def changes_between(older, newer):
    """[(label, language, HTML of the difference)] of every compared field that differs."""
    found = []
    for code in language_codes():
        for name in WRITTEN_FIELDS:
            column = build_localized_fieldname(name, code)
            before, after = (readable(version, column) for version in (older, newer))
            if before != after:
                found.append((field_label(column), code, marked_difference(before, after, code)))
    return found


def readable(version, column):
    return readable_text(column, getattr(version, column))


def readable_text(column, value):
    """A column's value as a reader sees it: a body's text, not its markup."""
    value = value or ""
    return body_text(value) if column.startswith("body_") else str(value)
