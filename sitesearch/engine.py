"""Site search: what a visitor typed, matched against every name the site holds and the text
of every published spotlight, ranked so that what they most likely meant comes first.

A whole name beats its beginning, which beats a word's beginning, which beats a part of it
("德里" finds Delhi before Madrid, 马德里); then pinyin ("lundun" → London); then one or two
letters wrong, missing or swapped in a name of five letters or more ("Bejing"); then spotlight
text containing every word, in any of its forms ("buses" finds "bus"). Ties go to the kind
of page (cities first) and then the title."""

import dataclasses

from django.db.models import Q
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from sitesearch.folding import compact, fold, is_chinese, word_forms
from sitesearch.index import current_index
from spotlights.models import Spotlight

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_RESULTS = 50
TEXT_MATCHES = 200  # spotlight bodies read for one query, at most
EXACT, SAME_LETTERS, PINYIN, PREFIX, PINYIN_PREFIX, WORD_PREFIX, PART = 100, 99, 97, 90, 86, 84, 70
TYPO = 60
CONTEXT = 68  # every word found, between the name and what it belongs to
TEXT = 40
TITLE_WORD = 5  # a text match whose title holds a query word comes first
SPOTLIGHT_TITLE_PENALTY = 5  # a spotlight titled like a city comes after the city


@dataclasses.dataclass
class Hit:
    entry: object
    score: int
    matched: str  # the name (folded) or "text"


def cleaned(query):
    """The query as searched: bounded, without control characters."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    return "".join(char for char in query if char.isprintable() or char == " ").strip()


def name_score(folded, joined, entry):
    """The best score of `entry`'s names for the folded query (and its compact form)."""
    best, matched = 0, ""
    for name in entry.names:
        score = 0
        if name == folded:
            score = EXACT
        elif compact(name) == joined:
            score = SAME_LETTERS
        elif name.startswith(folded):
            score = PREFIX
        elif any(word.startswith(folded) for word in name.split()[1:]):
            score = WORD_PREFIX
        elif len(joined) >= 2 and folded in name:
            score = PART
        if score > best:
            best, matched = score, name
    if not best and " " in folded and entry.context_words:
        # "lima peru": the name and what it belongs to (its country, its city), together.
        words = folded.split()
        own = {word for name in entry.names for word in name.split()}
        if any(word in own for word in words) and all(
            word in own or word in entry.context_words for word in words
        ):
            best, matched = CONTEXT, " ".join(words)
    if joined.isascii() and len(joined) >= 3:
        for name in entry.pinyins:
            score = PINYIN if name == joined else PINYIN_PREFIX if name.startswith(joined) else 0
            if score > best:
                best, matched = score, name
    if best and entry.kind == "spotlight":
        best -= SPOTLIGHT_TITLE_PENALTY
    return best, matched


def typo_hits(index, joined):
    """Names one or two edits away (a letter wrong, missing, extra or two swapped): one edit
    for names of 5–7 letters, two from 8."""
    if len(joined) < 5 or is_chinese(joined):
        return []
    allowed = 1 if len(joined) < 8 else 2
    hits = {}
    for choices in (index.compact_names, index.pinyin_names):
        found = process.extract(
            joined,
            [name for name, _entry in choices],
            scorer=DamerauLevenshtein.distance,
            score_cutoff=allowed,
            limit=20,
        )
        for _name, distance, position in found:
            entry = choices[position][1]
            if len(choices[position][0]) >= 5:
                score = TYPO - 5 * distance
                if score > hits.get(id(entry), (0,))[0]:
                    hits[id(entry)] = (score, entry, choices[position][0])
    return [Hit(entry, score, name) for score, entry, name in hits.values()]


def text_condition(term):
    """A spotlight's text has a word starting with the term in one of its forms; a Chinese
    term (no spaces between words) is found whole or as all its two-character words."""
    if is_chinese(term):
        whole = Q(search_text__contains=term)
        if len(term) <= 2:
            return whole
        pairs = [term[i : i + 2] for i in range(len(term) - 1)]
        return whole | Q(*(Q(search_text__contains=pair) for pair in pairs))
    # As typed, from the start of a word ("rio" is not in "period"; the text is words and
    # spaces); another form of it, as a whole word ("bus" for "buses", not "business").
    typed, *others = word_forms(term)
    condition = Q(search_text__startswith=typed) | Q(search_text__contains=f" {typed}")
    for form in others:
        condition |= (
            Q(search_text=form)
            | Q(search_text__startswith=f"{form} ")
            | Q(search_text__contains=f" {form} ")
            | Q(search_text__endswith=f" {form}")
        )
    return condition


def text_hits(index, terms):
    """Published spotlights whose text holds every term (one query, ids only)."""
    if not terms:
        return []
    spotlights = Spotlight.objects.published()
    for term in terms:
        spotlights = spotlights.filter(text_condition(term))
    ids = spotlights.order_by("-published_at", "pk").values_list("pk", flat=True)
    return [
        Hit(entry, TEXT + TITLE_WORD * title_words(entry, terms), "text")
        for entry in (index.spotlights.get(pk) for pk in ids[:TEXT_MATCHES])
        if entry is not None
    ]


def title_words(entry, terms):
    """How many of the terms (in one of their forms) begin a word of the spotlight's title."""
    words = {word for name in entry.names for word in name.split()}
    return sum(
        any(word.startswith(form) for form in word_forms(term) for word in words) for term in terms
    )


def search(query):
    """[Hit] for the query, best first (at most MAX_RESULTS)."""
    folded = fold(cleaned(query))
    if not folded:
        return []
    joined = compact(folded)
    index = current_index()
    best = {}
    for entry in index.entries:
        score, matched = name_score(folded, joined, entry)
        if score:
            best[id(entry)] = Hit(entry, score, matched)
    if not any(hit.score >= PART for hit in best.values()):
        for hit in typo_hits(index, joined):
            best.setdefault(id(hit.entry), hit)
    terms = list(dict.fromkeys(folded.split()))[:MAX_TERMS]
    for hit in text_hits(index, terms):
        best.setdefault(id(hit.entry), hit)
    ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.entry.rank, hit.matched))
    return ranked[:MAX_RESULTS]


def nearest_names(query, limit=3):
    """Names close to a query that found nothing: "did you mean"."""
    folded = fold(cleaned(query))
    if len(folded) < 3:
        return []
    index = current_index()
    choices = [name for name, _entry in index.names]
    found = process.extract(compact(folded), [compact(name) for name in choices], limit=limit * 3)
    entries = []
    for _name, score, position in found:
        entry = index.names[position][1]
        if score >= 75 and entry not in entries and entry.kind != "spotlight":
            entries.append(entry)
    return entries[:limit]
