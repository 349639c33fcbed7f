"""Names a misspelt query still means: one letter wrong, missing, extra or two swapped
(Damerau-Levenshtein, so a swap counts once) in a name of five to seven letters, two from
eight; none in shorter names or in Chinese, where one character is a different name.
Site search and the city directory's search both use it."""

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from core.search import HAN_CHARACTER

SHORTEST = 5
TWO_EDITS_FROM = 8


def allowed_edits(text):
    if len(text) < SHORTEST or HAN_CHARACTER.search(text):
        return 0
    return 1 if len(text) < TWO_EDITS_FROM else 2


def near_names(text, names, limit=20):
    """[(name, edits, position in `names`)] of the names of five letters or more within the
    edits `text` allows, nearest first."""
    allowed = allowed_edits(text)
    if not allowed:
        return []
    found = process.extract(
        text, names, scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=limit
    )
    return [(name, edits, position) for name, edits, position in found if len(name) >= SHORTEST]
