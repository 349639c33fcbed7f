"""Spotlight body text: paragraphs separated by blank lines, with a small inline formatting set.

Whatever else an editor pastes (scripts, event handlers, styles, `javascript:` links) is removed
by nh3 when the spotlight is saved, and again when the body is rendered.
"""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Pasted HTML: the end of a block becomes a paragraph break before the block tags are dropped.
BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|ul|ol|table|tr)\s*>", re.IGNORECASE)
# nh3 writes a bare "&" as "&amp;"; keep what the editor typed unless it would read as an entity.
ESCAPED_AMPERSAND = re.compile(r"&amp;(?!#?\w+;)")


def sanitize_body(text):
    """The body with only the allowed formatting left, paragraphs kept, line endings normalised."""
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    cleaned = nh3.clean(
        BLOCK_END.sub("\n\n", text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    cleaned = ESCAPED_AMPERSAND.sub("&", cleaned)
    return PARAGRAPH_BREAK.sub("\n\n", cleaned).strip()


def render_body(text):
    """HTML paragraphs for a page; sanitised again so a row written around the ORM stays safe."""
    return mark_safe(linebreaks(sanitize_body(text or ""), autoescape=False))  # noqa: S308
