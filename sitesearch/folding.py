"""How a name or a query is compared: one spelling for what visitors mean alike.

Case, accents and width are folded ("São Paulo" = "sao paulo"), Traditional Chinese becomes
Simplified (倫敦 = 伦敦, OpenCC), and every Chinese name also has its pinyin without tones or
spaces ("lundun", which "Lúndūn" and "lun dun" fold to as well)."""

from pypinyin import lazy_pinyin

from core.search import HAN_CHARACTER as HAN
from core.search import normalize


def fold(text):
    """Lower case, no accents, Simplified Chinese, words separated by one space: the folding
    the directory's search uses (core/search.py), so both match alike."""
    return normalize(text or "")


def compact(folded):
    """A folded text without its spaces: "new york" and "newyork", "lun dun" and "lundun"."""
    return folded.replace(" ", "")


def pinyin(name):
    """The toneless pinyin of a Chinese name, without spaces ("" for a name with no Han)."""
    if not HAN.search(name):
        return ""
    return "".join(lazy_pinyin(name, errors="ignore")).lower()


def is_chinese(text):
    return bool(HAN.search(text))
