"""Chinese punctuation in the existing spotlights: full-width marks between Chinese characters.

The normaliser is a frozen copy of core.typography.normalize_chinese_punctuation as of this
migration, so later changes to (or moves of) that module cannot change what this migration does.
Historical rows are left as they were recorded.
"""

import re

from django.db import migrations

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Full-width punctuation: CJK symbols (not the ideographic space) and full-width forms.
FULL_WIDTH_MARKS = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CHINESE = re.compile(f"[{HAN}{FULL_WIDTH_MARKS}]")
MARK = re.compile(f"[{FULL_WIDTH_MARKS}]")
CURLY_QUOTES = "\u201c\u201d"
SPACES = " \t"
QUOTES = "\"'\u201c\u201d\u2018\u2019"

FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
OPENING, CLOSING = "(（", ")）"

# Spans that are never text to change: tags, comments, character references, URLs.
# Inline formatting is read through; any other tag (a paragraph, a script) ends the text.
INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|cite|code|em|i|mark|q|s|small|span|strong|sub|sup|u)\b", re.I
)
PROTECTED = re.compile(
    r"<!--.*?-->|<[^>]*>|&(?:#\d+|#x[0-9a-f]+|\w+);"
    rf"|(?:https?://|ftp://|mailto:|www\.)[^\s<>\"“”{HAN}{FULL_WIDTH_MARKS}]*[^\s<>\"“”.,;:!?)"
    rf"{HAN}{FULL_WIDTH_MARKS}]",
    re.I | re.S,
)
# Stand-ins for protected spans in the text that is read: neither Chinese nor space.
OPAQUE, LINE_BREAK = "\x00", "\n"


def normalize_chinese_punctuation(text: str) -> str:
    """`text` with the punctuation between Chinese characters made full-width (see module)."""
    if not text:
        return text
    previous = None
    # Each pass only turns ASCII marks full-width, which can make a neighbour Chinese for the
    # next pass ("(Abc), 北京": the comma first, then the parentheses); repeat until stable.
    while text != previous:
        previous, text = text, _normalize_once(text)
    return text


def _normalize_once(text):
    visible, positions = _readable_text(text)
    changes = {}
    _pair_parentheses(visible, changes)
    _pair_quotes(visible, changes)
    _convert_marks(visible, changes)
    _drop_spaces(visible, changes)
    output = list(text)
    for index, replacement in changes.items():
        output[positions[index]] = replacement
    return "".join(output)


def _readable_text(text):
    """The text as read, with the index in `text` of each character that may change.

    Inline tags are transparent, other tags read as a line break, other protected spans as one
    opaque character; their characters map to -1 and are never changed.
    """
    visible, positions, start = [], [], 0
    for match in PROTECTED.finditer(text):
        visible.extend(text[start : match.start()])
        positions.extend(range(start, match.start()))
        if match.group().startswith("<"):
            stand_in = "" if INLINE_TAG.match(match.group()) else LINE_BREAK
        else:
            stand_in = OPAQUE
        visible.extend(stand_in)
        positions.extend([-1] * len(stand_in))
        start = match.end()
    visible.extend(text[start:])
    positions.extend(range(start, len(text)))
    return "".join(visible), positions


def _before(visible, index, skip=SPACES + QUOTES):
    while index > 0 and visible[index - 1] in skip:
        index -= 1
    return visible[index - 1] if index > 0 else ""


def _after(visible, index, skip=SPACES + QUOTES):
    while index + 1 < len(visible) and visible[index + 1] in skip:
        index += 1
    return visible[index + 1] if index + 1 < len(visible) else ""


def _is_chinese(char):
    return bool(char) and bool(CHINESE.match(char))


def _beside_chinese(visible, index):
    return _is_chinese(_before(visible, index)) or _is_chinese(_after(visible, index))


def _pair_parentheses(visible, changes):
    openers = []
    for index, char in enumerate(visible):
        if char in OPENING:
            openers.append(index)
        elif char in CLOSING and openers:
            _convert_pair(visible, openers.pop(), index, changes, "（", "）")
        elif char == ")" and _beside_chinese(visible, index):
            changes[index] = "）"
    for index in openers:
        if visible[index] == "(" and _beside_chinese(visible, index):
            changes[index] = "（"


def _pair_quotes(visible, changes):
    quotes = [index for index, char in enumerate(visible) if char == '"']
    for opening, closing in zip(quotes[::2], quotes[1::2], strict=False):
        _convert_pair(visible, opening, closing, changes, "“", "”")


def _convert_pair(visible, opening, closing, changes, left, right):
    if (
        visible[opening] == left
        or visible[closing] == right
        or CHINESE.search(visible, opening + 1, closing)
        or _is_chinese(_before(visible, opening))
        or _is_chinese(_after(visible, closing))
    ):
        changes[opening], changes[closing] = left, right


def _convert_marks(visible, changes):
    for index, char in enumerate(visible):
        if char not in ",;:?!":
            continue
        neighbours = visible[index - 1 : index] + visible[index + 1 : index + 2]
        if (
            char in ",;:"
            and len(neighbours) == 2
            and neighbours.isascii()
            and neighbours.isdigit()
        ):
            continue  # 1,800 or 10:30
        if _is_chinese(_before(visible, index)) or _is_chinese(_after(visible, index, SPACES)):
            changes[index] = FULL_WIDTH[char]


def _drop_spaces(visible, changes):
    """Remove the spaces beside a full-width mark, or between a Chinese quote and Chinese text."""
    for run in re.finditer(f"[{SPACES}]+", visible):
        before = changes.get(run.start() - 1, visible[run.start() - 1 : run.start()])
        after = changes.get(run.end(), visible[run.end() : run.end() + 1])
        if not before or not after or OPAQUE in (before, after) or LINE_BREAK in (before, after):
            continue
        beside_mark = MARK.match(before) or MARK.match(after)
        quote_beside_chinese = (before in CURLY_QUOTES and _is_chinese(after)) or (
            _is_chinese(before) and after in CURLY_QUOTES
        )
        if beside_mark or quote_beside_chinese:
            for index in range(run.start(), run.end()):
                changes[index] = ""


ZH_HANS_FIELDS = (
    "title_zh_hans",
    "summary_zh_hans",
    "body_zh_hans",
    "source_zh_hans",
    "key_figure_label_zh_hans",
)


def normalize_spotlights(apps, schema_editor):
    Spotlight = apps.get_model("spotlights", "Spotlight")
    changed = []
    for spotlight in Spotlight.objects.only("pk", *ZH_HANS_FIELDS).iterator():
        before = [getattr(spotlight, field) for field in ZH_HANS_FIELDS]
        for field in ZH_HANS_FIELDS:
            setattr(spotlight, field, normalize_chinese_punctuation(getattr(spotlight, field)))
        if before != [getattr(spotlight, field) for field in ZH_HANS_FIELDS]:
            changed.append(spotlight)
    Spotlight.objects.bulk_update(changed, ZH_HANS_FIELDS, batch_size=200)


class Migration(migrations.Migration):
    dependencies = [("spotlights", "0006_key_figures")]

    # The ASCII marks are extraction damage, not content: there is nothing to restore.
    operations = [migrations.RunPython(normalize_spotlights, migrations.RunPython.noop)]
