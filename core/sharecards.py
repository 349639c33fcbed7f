"""Share images (Open Graph / Twitter cards): 1200×630 PNGs drawn with Pillow.

Pure rendering: text and a colour in, PNG bytes out; no models, no storage (the views and
core/shareimages.py keep the files). One layout, two modes:

- with a key figure (a spotlight): the figure very large, its label, then the title and the
  subtitle (city · country);
- without one (a city, or a spotlight with no figure): the title large, then the subtitle.

C40's name sits top left in the site's green; the region's colour fills a panel on the right.
Every text is fitted: the largest size at which it wraps into its lines (or a little smaller,
for fewer lines), else the smallest size, cut with an ellipsis. English wraps between words;
Chinese between any two characters, except that a Latin word or number stays whole and closing
punctuation never starts a line (nor opening punctuation ends one). All text is set in Noto Sans
CJK SC (core/sharecard_fonts.py).
"""

import functools
import io
import re
from dataclasses import dataclass, replace

from PIL import Image, ImageChops, ImageDraw

from core.languages import writes_chinese
from core.sharecard_fonts import CLOSING_MARKS, OPENING_MARKS, runs, text_width

# Part of every stored card's name: raise it when the drawing changes, so new cards are made.
RENDERER_VERSION = 1

WIDTH, HEIGHT = 1200, 630
# The site's palette (static/css/site.css :root) and its region colours (the Okabe–Ito
# palette, `.region-<slug> { --region-colour: … }`); tests check the two stay the same.
INK, MUTED, ACCENT, PAPER = "#1b1f23", "#56606b", "#0b6e4f", "#ffffff"
REGION_COLOURS = {
    "africa": "#e69f00",
    "central-east-asia": "#d55e00",
    "east-southeast-asia-oceania": "#f0e442",
    "europe": "#0072b2",
    "latin-america": "#009e73",
    "north-america": "#cc79a7",
    "south-west-asia": "#56b4e9",
}

MARGIN = 72
# Of the font's em: ideographs rise 0.88 above the baseline, descenders reach 0.2 below it.
ASCENT, DESCENT = 0.88, 0.2
PANEL_TOP, PANEL_BOTTOM = 860, 800  # the panel's slanted left edge, at the top and bottom
TEXT_WIDTH = PANEL_BOTTOM - MARGIN - 48
CONTENT_TOP, CONTENT_BOTTOM = 150, HEIGHT - 56

# Chinese line breaking (W3C clreq): marks that may not start a line, and that may not end one.
NO_LINE_START = set(CLOSING_MARKS + "，。、；：？！…—%,.;:?!)]}·")
NO_LINE_END = set(OPENING_MARKS + "([{")
# A word or number in Chinese text ("GoKL", "10.26", "São"): kept whole, like a word in English.
LATIN = "A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff"
LATIN_WORD = rf"[{LATIN}$€£~][{LATIN}_.,%$€£'’&+\-/²³₀-₉]*"


@dataclass(frozen=True)
class Text:
    """A text to fit: the sizes it may take (largest first) and how many lines at most."""

    text: str
    sizes: tuple
    max_lines: int
    bold: bool = False
    colour: str = INK
    space_before: int = 0
    leading: float | None = None  # line advance in ems; None: the language's


@dataclass(frozen=True)
class Block:
    """Fitted text: its lines at one size. No lines: the short bar in the region's colour."""

    lines: tuple = ()
    size: int = 8
    bold: bool = False
    colour: str = INK
    space_before: int = 0
    leading: float = 1.0
    complete: bool = True  # False: cut short, with an ellipsis

    @property
    def height(self):
        if not self.lines:
            return self.size
        # From the top of the tallest ideograph to the bottom of descenders ("g", ",").
        return round(self.size * (ASCENT + DESCENT + self.leading * (len(self.lines) - 1)))


def render_share_card(
    *, title, subtitle="", figure="", figure_label="", colour, site_name, language
) -> bytes:
    """A 1200×630 PNG: the key figure and its label when `figure` is given, else `title` large."""
    chinese = writes_chinese(language)
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    _draw_panel(card, colour)
    _draw_brand(draw, site_name, chinese)
    blocks = _layout(_texts(title, subtitle, figure, figure_label), chinese)
    total = sum(block.space_before + block.height for block in blocks)
    top = CONTENT_TOP + (CONTENT_BOTTOM - CONTENT_TOP - total) // 2
    for block in blocks:
        top += block.space_before
        if block.lines:
            _draw_block(draw, block, top, chinese)
        else:
            draw.rectangle((MARGIN, top, MARGIN + 96, top + block.height - 1), fill=colour)
        top += block.height
    return _png(card)


def _texts(title, subtitle, figure, figure_label):
    """What the card says, most important first, with each item's place in the column."""
    subtitle = Text(subtitle, (34, 30, 28), 2, colour=MUTED, space_before=12)
    if not figure:
        return [(0, Text(title, tuple(range(144, 55, -8)), 3, bold=True)), (1, subtitle)]
    return [
        (0, Text(figure, tuple(range(150, 71, -6)), 1, bold=True, leading=1.0)),
        (1, Text(figure_label, (40, 36, 32), 2, colour=MUTED, space_before=4)),
        (3, Text(title, tuple(range(44, 31, -4)), 2, bold=True, space_before=24)),
        (4, subtitle),
        (2, Block(space_before=28)),
    ]


def _layout(texts, chinese):
    """Blocks in column order that fit the card's height together.

    Each text first holds the least room it can take (one line at its smallest size); then, most
    important first, each is fitted in the room the others leave. When that cuts a text short,
    the most important one (the figure, or the title) is made smaller, down to two thirds of its
    size, if that lets every text show whole.
    """
    texts = [(place, text) for place, text in texts if isinstance(text, Block) or text.text]
    (lead_place, lead), *rest = texts
    first = None
    for start, size in enumerate(lead.sizes):
        if start and size < lead.sizes[0] * 2 / 3:
            break
        blocks = _fit_all([(lead_place, replace(lead, sizes=lead.sizes[start:])), *rest], chinese)
        if all(block.complete for block in blocks):
            return blocks
        first = first or blocks
    return first


def _fit_all(texts, chinese):
    room = CONTENT_BOTTOM - CONTENT_TOP
    blocks = {
        place: text if isinstance(text, Block) else _smallest(text, chinese)
        for place, text in texts
    }
    for place, text in texts:
        if isinstance(text, Block):
            continue
        others = sum(b.space_before + b.height for p, b in blocks.items() if p != place)
        blocks[place] = _fit(text, room - others - text.space_before, chinese)
    return [blocks[place] for place in sorted(blocks)]


def _block(text, lines, size, chinese, complete=True):
    leading = text.leading or (1.3 if chinese else 1.15)
    return Block(tuple(lines), size, text.bold, text.colour, text.space_before, leading, complete)


def _smallest(text, chinese):
    return _block(text, [text.text], text.sizes[-1], chinese)


def _fit(text, height, chinese):
    """`text` in as few lines as reads well within `height`: the largest size at which it wraps
    into its lines, or a size at least 3/4 of that which takes fewer lines ("São Paulo" on one
    line rather than two); else the smallest size, cut short with an ellipsis."""
    content = " ".join(text.text.split())
    fitting = []  # (size, lines) for each size at which the whole text fits
    for size in text.sizes:
        one_line = _block(text, [""], size, chinese)
        if one_line.height > height and size != text.sizes[-1]:
            continue
        extra_lines = (height - one_line.height) // (size * one_line.leading)
        max_lines = max(1, min(text.max_lines, 1 + int(extra_lines)))
        lines, complete = _wrap(content, size, text.bold, max_lines, chinese)
        if complete:
            fitting.append((size, lines))
    if not fitting:
        return _block(text, lines, size, chinese, complete=False)
    largest = fitting[0][0]
    size, lines = min(
        (choice for choice in fitting if choice[0] >= largest * 3 / 4),
        key=lambda choice: (len(choice[1]), -choice[0]),
    )
    return _block(text, lines, size, chinese)


def wrap_text(text, *, size, bold=False, max_lines, language):
    """(lines, whether all of `text` fits) in the text column at `size`: an ellipsis ends the
    last line when it does not."""
    return _wrap(" ".join(text.split()), size, bold, max_lines, writes_chinese(language))


def _wrap(text, size, bold, max_lines, chinese):
    """(lines, whether all of `text` fits): greedy line filling, an ellipsis when cut."""
    width = functools.partial(text_width, size=size, bold=bold)
    lines, starts, offset = [""], [0], 0
    for atom in _atoms(text, chinese):
        for piece in _pieces(atom, width):
            if lines[-1].strip() and width((lines[-1] + piece).rstrip()) > TEXT_WIDTH:
                if len(lines) == max_lines:  # the rest will not fit
                    kept = [line.strip() for line in lines[:-1]]
                    return [*kept, _ellipsize(text[starts[-1] :], width, chinese)], False
                lines.append("")
                starts.append(offset)
            lines[-1] += piece
            offset += len(piece)
    return [line.strip() for line in lines], True


def _pieces(atom, width):
    """`atom`, or if it is wider than a line (a very long word), its characters in lines."""
    if width(atom.rstrip()) <= TEXT_WIDTH:
        return [atom]
    pieces = [""]
    for char in atom:
        if pieces[-1].strip() and width((pieces[-1] + char).rstrip()) > TEXT_WIDTH:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _atoms(text, chinese):
    """Pieces of `text` between which a line may break."""
    if not chinese:
        return re.findall(r"\S+\s*", text)
    atoms = []
    for piece in re.findall(rf"{LATIN_WORD}\s*|\s+|.", text):
        if atoms and (piece[0] in NO_LINE_START or atoms[-1][-1] in NO_LINE_END):
            atoms[-1] += piece
        else:
            atoms.append(piece)
    return atoms


def _ellipsize(text, width, chinese):
    """The longest start of `text` that fits on a line with "…" after it."""
    fits, too_long = 0, len(text)
    while too_long - fits > 1:  # a longer start is never narrower: search by halves
        middle = (fits + too_long) // 2
        if width(text[:middle].rstrip() + "…") <= TEXT_WIDTH:
            fits = middle
        else:
            too_long = middle
    cut = text[:fits]
    if not chinese and " " in cut.strip() and text[fits] != " ":
        cut = cut.rstrip().rsplit(" ", 1)[0]  # end on a whole word
    return cut.rstrip(" ,.;:-–—，。、；：") + "…"


def _draw_panel(card, colour):
    """The region's colour on the right, with a slanted edge and rings like a map marker."""
    panel, rings = _panel_masks()
    card.paste(colour, mask=panel)
    card.paste(_contrasting(colour), mask=rings)


@functools.cache
def _panel_masks():
    # Drawn four times larger and scaled down, for smooth edges; the same for every card.
    scale = 4
    panel = Image.new("L", (WIDTH * scale, HEIGHT * scale), 0)
    corners = [(PANEL_TOP, 0), (WIDTH, 0), (WIDTH, HEIGHT), (PANEL_BOTTOM, HEIGHT)]
    ImageDraw.Draw(panel).polygon([(x * scale, y * scale) for x, y in corners], fill=255)
    rings = Image.new("L", panel.size, 0)
    cx, cy = 1040 * scale, 430 * scale
    for radius, strength in ((330, 40), (250, 0), (170, 56), (96, 0), (40, 110)):
        r = radius * scale
        ImageDraw.Draw(rings).ellipse((cx - r, cy - r, cx + r, cy + r), fill=strength)
    panel, rings = (
        mask.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS) for mask in (panel, rings)
    )
    return panel, ImageChops.multiply(panel, rings)


def _draw_brand(draw, site_name, chinese):
    size = 30
    label_width = text_width(site_name, size=size, bold=True)
    box = (MARGIN, 56, MARGIN + label_width + 36, 56 + 52)
    draw.rounded_rectangle(box, radius=8, fill=ACCENT)
    _draw_line(draw, site_name, (MARGIN + 18, 56 + 37), size, True, PAPER, chinese)


def _draw_block(draw, block, top, chinese):
    baseline = top + round(block.size * ASCENT)
    for line in block.lines:
        _draw_line(draw, line, (MARGIN, baseline), block.size, block.bold, block.colour, chinese)
        baseline += round(block.size * block.leading)


def _draw_line(draw, text, origin, size, bold, colour, chinese):
    x, baseline = origin
    language = "zh-Hans" if chinese else "en"
    for font, run, drop, features in runs(text, size, bold):
        draw.text(
            (x, baseline + drop),
            run,
            font=font,
            fill=colour,
            anchor="ls",
            features=features,
            language=language,
        )
        x += font.getlength(run, features=features)


def _contrasting(colour):
    """Black or white at low strength, whichever shows on `colour` (rings on the panel)."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    light = 0.299 * red + 0.587 * green + 0.114 * blue > 150
    return "#000000" if light else "#ffffff"


def _png(card):
    # A flat design in few colours: a palette PNG is a fraction of the size of a full-colour one.
    buffer = io.BytesIO()
    card.quantize(colors=128, dither=Image.Dither.NONE).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
