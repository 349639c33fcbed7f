"""Spotlight body text: paragraphs separated by blank lines, with a small inline formatting set.

Whatever else an editor pastes (scripts, event handlers, styles, `javascript:` links) is removed
by nh3 when the spotlight is saved, and again when the body is rendered.

nh3's output is never edited afterwards: it is the only text the sanitiser has vouched for, and a
change as small as turning "&amp;" back into "&" lets a browser decode a `javascript:` URL nh3 saw
as harmless text. Tidying (line endings, paragraph breaks) happens on the input to nh3. A bare
"&" is therefore stored as "&amp;": correct HTML, and still "&" on the page. Plain-text consumers
use `body_text`, which decodes it.
"""

import re
from html import unescape

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
# render_body wraps the paragraphs in <p>; only that tag is added to the body's own set.
RENDERED_TAGS = ALLOWED_TAGS | {"p"}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Pasted HTML: the end of a block becomes a paragraph break before the block tags are dropped.
BLOCK_END = re.compile(r"</(?:p|div|li|h[1-6]|blockquote|ul|ol|table|tr)\s*>", re.IGNORECASE)
# The HTML parser drops a byte order mark at the start, so one is trimmed with the spaces there.
LEADING_BLANKS = re.compile(r"[\s\ufeff]*")


def sanitize_body(text):
    """The body with only the allowed formatting left, paragraphs kept, line endings normalised.

    Saving the result again gives the same text.
    """
    if not text:
        return text
    return _clean(_tidied_once_cleaned(text), ALLOWED_TAGS)


def render_body(text):
    """HTML paragraphs for a page, sanitised last so that the page shows exactly nh3's output.

    The body is sanitised again even when read from the database, so a row written around the
    ORM stays safe; the paragraph markup is added before the last pass, which checks it too.
    """
    paragraphs = linebreaks(_tidied_once_cleaned(text or ""), autoescape=False)
    return mark_safe(_clean(paragraphs, RENDERED_TAGS))  # noqa: S308 (nh3's output)


def body_text(html):
    """The body as a reader sees it, as plain text ("&amp;" read as "&"), for search and the like.

    nh3 without any allowed tag keeps only the text, escaped once; unescaping it once gives the
    characters shown on the page. Never put the result into HTML unescaped.
    """
    if not html:
        return ""
    return unescape(nh3.clean(html, tags=set(), attributes={}, strip_comments=True))


def _tidied_once_cleaned(text):
    """The text sanitised once, then tidied as input to the last pass.

    Removing a tag can leave blank lines or edge whitespace that only show up in nh3's output;
    they are tidied away here, and the result must go through nh3 again before it is used.
    """
    return _tidy(_clean(_tidy(text), ALLOWED_TAGS))


def _tidy(text):
    """Input to nh3: Unix line endings, no NUL, block ends as paragraph breaks, no edge spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = PARAGRAPH_BREAK.sub("\n\n", BLOCK_END.sub("\n\n", text))
    return text[LEADING_BLANKS.match(text).end() :].rstrip()


def _clean(html, tags):
    return nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
