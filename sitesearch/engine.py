"""Site search: what a visitor typed, matched against every name the site holds and the text
of every published spotlight, ranked so that what they most likely meant comes first.

A whole name beats its beginning, which beats a word's beginning, which beats a part of it
("德里" finds Delhi before Madrid, 马德里); then pinyin ("lundun" → London); then one or two
letters wrong, missing or swapped in a name of five letters or more ("Bejing"); then spotlight
text containing every word, in any of its forms ("buses" finds "bus"). Ties go to the kind
of page (cities first) and then the title."""

import bisect
import dataclasses
import itertools

from rapidfuzz import process

from core.typos import near_names
from core.words import text_words
from sitesearch.folding import compact, fold, is_chinese
from sitesearch.index import current_index
from sitesearch.text import matching, needs_of
from spotlights.models import Spotlight

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_RESULTS = 50
TEXT_MATCHES = 200  # spotlight bodies read for one query, at most
EXACT, SAME_LETTERS, PINYIN, PREFIX, PINYIN_PREFIX, WORD_PREFIX, PART = 100, 99, 97, 90, 86, 84, 70
TYPO = 60
CONTEXT = 68  # every word found, between the name and what it belongs to
TEXT = 40
SHORTEST_TYPED = 3  # letters of every word before suggestions read spotlight text
SOME_WORDS = 20  # no page holds every word: one holding some of them
SPOTLIGHT_WORD_PART = TEXT - 1  # after the spotlights whose text holds the words
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


SCAN_LIMIT = 500  # names read for one kind of match, at most (a one-letter query matches many)


def beginning_with(sorted_pairs, prefix):
    """Positions of the (text, position) pairs whose text begins with `prefix`."""
    start = bisect.bisect_left(sorted_pairs, (prefix,))
    for text, position in itertools.islice(sorted_pairs, start, start + SCAN_LIMIT):
        if not text.startswith(prefix):
            return
        yield text, position


def containing(index, folded):
    """(name, position) of the names that contain `folded` somewhere."""
    found = 0
    start = index.blob.find(folded)
    while start != -1 and found < SCAN_LIMIT:
        line = bisect.bisect_right(index.line_starts, start) - 1
        line_end = index.blob.find("\n", index.line_starts[line])
        name = index.blob[index.line_starts[line] : line_end if line_end != -1 else None]
        yield name, index.name_positions[line]
        found += 1
        start = index.blob.find(folded, index.line_starts[line] + len(name) + 1)


def name_hits(index, folded, joined):
    """{entry position: (score, matched name)} of the names that match the query."""
    best = {}

    def offer(position, score, name):
        if score > best.get(position, (0,))[0]:
            best[position] = (score, name)

    for position in index.by_name.get(folded, ()):
        offer(position, EXACT, folded)
    for position in index.by_compact.get(joined, ()):
        offer(position, SAME_LETTERS, joined)
    for name, position in beginning_with(index.sorted_names, folded):
        offer(position, PREFIX, name)
    for word, position in beginning_with(index.sorted_words, folded):
        offer(position, WORD_PREFIX, word)
    if len(joined) >= 2:
        for name, position in containing(index, folded):
            offer(position, PART, name)
    if joined.isascii() and len(joined) >= 3:
        for position in index.by_pinyin.get(joined, ()):
            offer(position, PINYIN, joined)
        for name, position in beginning_with(index.sorted_pinyins, joined):
            offer(position, PINYIN_PREFIX, name)
    if not best and " " in folded:
        offer_with_context(index, folded.split(), offer)
    return best


def offer_with_context(index, words, offer):
    """ "lima peru": a name and what it belongs to (its country, its city), together."""
    candidates = set().union(*(index.by_word.get(word, set()) for word in words))
    for position in itertools.islice(candidates, SCAN_LIMIT):
        entry = index.entries[position]
        own = {word for name in entry.names for word in name.split()}
        if all(word in own or word in entry.context_words for word in words):
            offer(position, CONTEXT, " ".join(words))


def typo_hits(index, joined):
    """Names a letter or two away from the query (core/typos.py)."""
    hits = {}
    names = [name for name, _position in index.typo_choices]
    for name, edits, choice in near_names(joined, names):
        position = index.typo_choices[choice][1]
        if TYPO - 5 * edits > hits.get(position, (0,))[0]:
            hits[position] = (TYPO - 5 * edits, name)
    return [Hit(index.entries[position], score, name) for position, (score, name) in hits.items()]


def text_hits(index, terms, *, every=True):
    """Published spotlights whose text holds every term (or, not `every`, one of them): one
    query, ids only."""
    if not terms:
        return []
    found = matching(Spotlight.objects.published(), terms, every=every)
    ids = found.order_by("-published_at", "pk").values_list("pk", flat=True)
    score, matched = (TEXT, "text") if every else (SOME_WORDS, "some words")
    needs = needs_of(terms)
    return [
        Hit(entry, score + TITLE_WORD * needs_in_title(entry, needs), matched)
        for entry in (index.spotlights.get(pk) for pk in ids[:TEXT_MATCHES])
        if entry is not None
    ]


def needs_in_title(entry, needs):
    """How many of the query's words the spotlight's title holds, as its text is matched."""
    words = set(text_words(" ".join(entry.names)).split())
    return sum(
        any(
            word in words if whole else any(title_word.startswith(word) for title_word in words)
            for word, whole in need
        )
        for need in needs
    )


def typed_enough(term):
    return len(term) >= (2 if is_chinese(term) else SHORTEST_TYPED)


def search(query, limit=MAX_RESULTS):
    """[Hit] for the query, best first (at most `limit`). When the names alone give `limit`
    good hits (suggestions ask for a few), spotlight text is not searched: it could only rank
    below them."""
    folded = fold(cleaned(query))
    if not folded:
        return []
    joined = compact(folded)
    index = current_index()
    best = {}
    for position, (score, matched) in name_hits(index, folded, joined).items():
        entry = index.entries[position]
        if entry.kind == "spotlight":
            # Inside a word of an English title ("cycling" in "recycling") is no match of it.
            if score == PART and joined.isascii() and f" {folded}" not in f" {matched}":
                score = SPOTLIGHT_WORD_PART
            score -= SPOTLIGHT_TITLE_PENALTY
        best[id(entry)] = Hit(entry, score, matched)
    good = sum(hit.score >= PART - SPOTLIGHT_TITLE_PENALTY for hit in best.values())
    if not good:
        for hit in typo_hits(index, joined):
            best.setdefault(id(hit.entry), hit)
    terms = list(dict.fromkeys(folded.split()))[:MAX_TERMS]
    # Suggestions (a small limit) read spotlight text only when no name matched, and not while
    # a word has under three letters ("flood wa"): the beginning of too many words to suggest
    # anything useful, at a query per keystroke. Two Chinese characters are a word.
    quick = limit < MAX_RESULTS and (good > 0 or not all(map(typed_enough, terms)))
    if good < limit and not quick:
        for hit in text_hits(index, terms):
            best.setdefault(id(hit.entry), hit)
        if not best and len(terms) > 1:  # no page holds every word: those holding some
            for hit in text_hits(index, terms, every=False):
                best.setdefault(id(hit.entry), hit)
    ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.entry.rank, hit.matched))
    return ranked[: min(limit, MAX_RESULTS)]


def nearest_names(query, limit=3):
    """Places whose name is close to a query that found nothing: "did you mean"."""
    folded = fold(cleaned(query))
    if len(folded) < 3:
        return []
    index = current_index()
    found = process.extract(
        compact(folded),
        [name for name, _position in index.typo_choices],
        limit=limit * 3,
        score_cutoff=75,
    )
    entries = []
    for _name, _score, choice in found:
        entry = index.entries[index.typo_choices[choice][1]]
        if entry not in entries:
            entries.append(entry)
    return entries[:limit]
