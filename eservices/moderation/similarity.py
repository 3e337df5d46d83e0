"""Near-duplicate texts: which open items say much the same as a new one.

A pure function over (text, candidates), used by the pre-screen and by the "similar open
proposals" hint shown while writing. Words are compared, not characters: the text is split
into words, Swedish and English stopwords are dropped (so "att", "och", "the" never make two
texts look alike), and the rest are reduced to their stems (cykelbanor and cykelbana meet).
The score is the cosine of the two sets of stems, 0 (nothing shared) to 1 (the same).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer
from stop_words import get_stop_words

_WORD = re.compile(r"[^\W\d_]+")
_STOPWORDS = frozenset(
    word.casefold() for language in ("swedish", "english") for word in get_stop_words(language)
)
# Swedish first: English words pass through the Swedish stemmer harmlessly, and both texts
# are stemmed alike, which is all a comparison needs. Texts share most of their words, so
# each word is stemmed once per process.
_stem = lru_cache(maxsize=65536)(snowballstemmer.stemmer("swedish").stemWord)


class Match(NamedTuple):
    """One candidate that is like the text: its key and a score above the threshold."""

    key: Hashable
    score: float


@lru_cache(maxsize=8192)
def terms(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that carry meaning (no stopwords, no digits)."""
    words = [w for w in _WORD.findall(text.casefold()) if len(w) > 1 and w not in _STOPWORDS]
    return frozenset(map(_stem, words))


def score(first: str, second: str) -> float:
    """How alike two texts are: 0 to 1."""
    a, b = terms(first), terms(second)
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def similar(
    text: str,
    candidates: Iterable[tuple[Hashable, str]],
    *,
    exclude: Hashable | None = None,
    threshold: float = 0.5,
    limit: int = 5,
) -> list[Match]:
    """The candidates (key, text) at least ``threshold`` alike to ``text``, best first.

    ``exclude`` is the key of the item the text belongs to: an item is never similar to
    itself, even when it is among the candidates.
    """
    matches = []
    for key, candidate in candidates:
        if exclude is not None and key == exclude:
            continue
        value = score(text, candidate)
        if value >= threshold:
            matches.append(Match(key, round(value, 3)))
    matches.sort(key=lambda match: -match.score)
    return matches[:limit]
