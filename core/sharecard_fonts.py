"""The fonts of the share images: Noto Sans CJK SC for everything (Debian's fonts-noto-cjk;
its Latin is good too), DejaVu Sans for a character it lacks, and subscript digits (CO₂), which
it lacks too, drawn as small lowered digits in its own style.
"""

import functools
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CJK_FONTS = {
    False: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    True: Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
# The face inside the collection with Simplified Chinese glyph shapes (found by name, as the
# index differs between font releases).
CJK_FACE = "Noto Sans CJK SC"
FALLBACK_FONTS = {
    False: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
SUBSCRIPTS = str.maketrans(SUBSCRIPT_DIGITS, "0123456789")
# Chinese opening and closing marks: full-width, half their em is space.
OPENING_MARKS, CLOSING_MARKS = "（《「『“‘〈【〔", "）》」』”’〉】〕"


def text_width(text, *, size, bold):
    return sum(
        face.getlength(run, features=features)
        for face, run, _drop, features in runs(text, size, bold)
    )


def runs(text, size, bold):
    """(font, text, baseline shift, OpenType features) pieces of `text`, each in a font that
    has its characters."""
    pieces = []
    for index, char in enumerate(text):
        face, drop, features = font(bold, size), 0, None
        if (
            char == "·"  # a full em wide in the CJK font: " · " would leave a gap
            or (index == 0 and char in OPENING_MARKS)
            or (index == len(text) - 1 and char in CLOSING_MARKS)
        ):
            # Proportional widths: a line starts at its mark, not half an em of space before it.
            features = ["palt"]
        elif char in SUBSCRIPT_DIGITS and not has_glyph(CJK_FONTS[bold], char):
            face, drop = font(bold, round(size * 0.6)), round(size * 0.12)
            char = char.translate(SUBSCRIPTS)
        elif not has_glyph(CJK_FONTS[bold], char) and has_glyph(FALLBACK_FONTS[bold], char):
            face = fallback_font(bold, size)
        if pieces and pieces[-1][0] is face and pieces[-1][2:] == [drop, features]:
            pieces[-1][1] += char
        else:
            pieces.append([face, char, drop, features])
    return [tuple(piece) for piece in pieces]


@functools.cache
def cjk_face_index(path):
    """The index of the Simplified Chinese face (`CJK_FACE`) in a font collection."""
    for index in range(32):
        try:
            family, _style = ImageFont.truetype(path, 12, index=index).getname()
        except OSError:
            break
        if family == CJK_FACE:
            return index
    raise OSError(f"{CJK_FACE} is not in {path}: install Debian's fonts-noto-cjk")


@functools.lru_cache(maxsize=64)
def font(bold, size):
    """Noto Sans CJK SC, bold or regular, at `size` pixels."""
    path = CJK_FONTS[bold]
    return ImageFont.truetype(path, size, index=cjk_face_index(path))


@functools.lru_cache(maxsize=64)
def fallback_font(bold, size):
    return ImageFont.truetype(FALLBACK_FONTS[bold], size)


@functools.lru_cache(maxsize=4096)
def has_glyph(path, char):
    """Whether the font draws `char` as itself rather than as its missing-glyph box."""
    if char.isspace():
        return True
    if not path.exists():
        return False
    index = cjk_face_index(path) if path.suffix == ".ttc" else 0
    face = ImageFont.truetype(path, 24, index=index, layout_engine=ImageFont.Layout.BASIC)
    return _glyph_image(face, char) != _glyph_image(face, "\u0378")  # an unassigned character


def _glyph_image(face, char):
    image = Image.new("L", (48, 48), 0)
    ImageDraw.Draw(image).text((8, 8), char, font=face, fill=255)
    return image.tobytes()
