"""The words a text is found by: each English word and its stem ("buses" is also "bus"),
and Chinese cut into words with jieba ("在学校安装太阳能" holds 学校, 太阳, 太阳能), so a
search matches words, not raw substrings.

A text's words are stored once (`Spotlight.search_words`), a space before and after each, and
a query is cut the same way: SQLite compares them with LIKE, PostgreSQL as a `tsvector` of the
same words (sitesearch/engine.py); both give the same answers."""

import functools
import logging
import re

from core.typography import HAN

SCRIPT_RUN = re.compile(f"[{HAN}]+|[^{HAN}]+")
HAN_RUN = re.compile(f"[{HAN}]+")

# A light English stemmer: the forms a visitor types find each other ("flooding" and
# "floods" are both "flood"); PostgreSQL's Snowball stemmer makes "buses" "buse", not "bus".
SIBILANT_PLURAL = re.compile(r"(ss|x|z|ch|sh|us)es$")
KEPT_ENDINGS = ("ss", "us", "is", "ous")
DOUBLED = re.compile(r"([bdgmnprt])\1$")
MIN_STEM = 3
LONGEST_WORD = 60  # longer "words" (a pasted code, a URL's remains) are not searched for


@functools.cache
def jieba_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def stem(word):
    """The word without its English inflection: buses → bus, cities → city, flooding/floods/
    flooded → flood, charges/charging → charg; short words, numbers and Chinese are kept."""
    if len(word) <= 4 or not word.isascii() or not word.isalpha():
        return word
    return _without_final_e(_without_ending(word))


def _without_ending(word):
    if word.endswith("ies"):
        return word[:-3] + "y"
    if SIBILANT_PLURAL.search(word):
        return word[:-2]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            base = word[: -len(suffix)]
            return base[:-1] if DOUBLED.search(base) else base
    if word.endswith("s") and not word.endswith(KEPT_ENDINGS):
        return word[:-1]
    return word


def _without_final_e(word):
    """charge, charges, charged, charging: all "charg"."""
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def chinese_words(run, *, for_search=False):
    """A run of Chinese characters cut into words; for a stored text every shorter dictionary
    word inside a longer one too (太阳能 → 太阳, 太阳能)."""
    tokenizer = jieba_tokenizer()
    cut = tokenizer.cut_for_search(run) if for_search else tokenizer.cut(run)
    return [word for word in cut if HAN_RUN.fullmatch(word)]


def text_words(normalized):
    """The stored words of a normalised text (core.search.normalize): " word stem 词 … "."""
    words = {}
    for token in (token for token in normalized.split() if len(token) <= LONGEST_WORD):
        for run in SCRIPT_RUN.findall(token):
            if HAN_RUN.match(run):
                words.update(dict.fromkeys(chinese_words(run, for_search=True)))
            else:
                words.update(dict.fromkeys((run, stem(run))))
    return f" {' '.join(words)} " if words else ""


def query_words(term):
    """What one term of a query needs: a list of needs, each a list of alternatives
    (word, whole); every need must be met by one of its alternatives, `whole` meaning a whole
    stored word, otherwise a word's beginning (what is still being typed).
    English from a word's start or as its stem ("buses" finds "bus"); Chinese cut into words
    ("太阳能学校" needs 太阳能 and 学校); letters and Chinese in one term ("co2排放") need both."""
    needs = []
    for run in SCRIPT_RUN.findall(term):
        if HAN_RUN.match(run):
            needs.extend([(word, False)] for word in chinese_words(run))
        elif (base := stem(run)) != run:
            needs.append([(run, False), (base, True)])
        else:
            needs.append([(run, False)])
    return needs
