"""The pre-screen: what a moderator should look at twice. It flags, and never rejects.

Pure functions over text. ``screen`` returns Flags, each with the character span it found
(``start``, ``end``) so the text can be shown with the flagged parts marked by
``highlight``; a near-duplicate flag has no span and names the other item by its ``key``.

- personnummer: 10 or 12 digits whose first six or eight make a date (day + 60 for a
  samordningsnummer), with or without "-"/"+"; ``detail`` says whether the Luhn check
  digit is right, since a wrong one is still someone's number mistyped.
- phone: Swedish numbers in any usual writing, and international ones with +46 or 0046.
- email, url: addresses and links (www.x.se and bare domains like x.se/sida included).
- word: an entry of the rulebook's word list, as a whole word, in any case.
- similar: an open item of the same kind that says much the same (see ``similarity``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import phonenumbers
from markupsafe import Markup, escape

from eservices.moderation.similarity import similar
from eservices.parsers import luhn_checksum_ok

CODES = ("personnummer", "phone", "email", "url", "word", "similar")
LUHN_VALID = "luhn-valid"
LUHN_WRONG = "luhn-wrong"

_PERSONNUMMER = re.compile(
    r"(?<![0-9])(?P<century>19|20)?(?P<date>[0-9]{6})(?P<sep>[-+]?)(?P<serial>[0-9]{4})(?![0-9])"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.UNICODE)
_URL = re.compile(
    r"(?<![\w@.-])(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w@./-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:se|nu|com|org|net|eu|io|info)"
    r"(?![\w-])(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Flag:
    """Something the moderator should look at: a kind of finding and where it is."""

    code: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    detail: str = ""
    key: Hashable | None = None

    @property
    def has_span(self) -> bool:
        """True when the flag points at characters of the text."""
        return self.start is not None


def screen(
    text: str,
    *,
    words: Iterable[str] = (),
    candidates: Iterable[tuple[Hashable, str]] = (),
    exclude: Hashable | None = None,
    similarity: float = 0.5,
) -> list[Flag]:
    """Every flag for ``text``: spans in text order, then near-duplicates best first.

    ``candidates`` are (key, text) of open items of the same kind; ``exclude`` is the key
    of the item being screened, which is never reported as a duplicate of itself.
    """
    flags = sorted(
        contact_details(text) + listed_words(text, words), key=lambda f: (f.start, -f.end)
    )
    flags += [
        Flag("similar", key=match.key, detail=f"{match.score:.2f}")
        for match in similar(text, candidates, exclude=exclude, threshold=similarity)
    ]
    return flags


def contact_details(text: str) -> list[Flag]:
    """Personnummer-like numbers, phone numbers, e-mail addresses and links."""
    phones = [
        Flag("phone", match.start, match.end, match.raw_string)
        for match in phonenumbers.PhoneNumberMatcher(
            text, "SE", leniency=phonenumbers.Leniency.VALID
        )
    ]
    phone_spans = {(flag.start, flag.end) for flag in phones}
    numbers = [
        flag for flag in _personnummer_like(text) if (flag.start, flag.end) not in phone_spans
    ]
    emails = [Flag("email", m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]
    links = [flag for flag in _links(text) if not _inside(flag, emails)]
    return numbers + phones + emails + links


def _personnummer_like(text: str) -> list[Flag]:
    flags = []
    for match in _PERSONNUMMER.finditer(text):
        digits = match["date"]
        month, day = int(digits[2:4]), int(digits[4:6])
        if not (1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)):
            continue
        valid = luhn_checksum_ok(digits + match["serial"])
        detail = LUHN_VALID if valid else LUHN_WRONG
        flags.append(Flag("personnummer", match.start(), match.end(), match.group(), detail))
    return flags


def _links(text: str) -> list[Flag]:
    flags = []
    for match in _URL.finditer(text):
        found = match.group().rstrip(_TRAILING_PUNCTUATION)
        flags.append(Flag("url", match.start(), match.start() + len(found), found))
    return flags


def _inside(flag: Flag, others: list[Flag]) -> bool:
    return any(other.start <= flag.start and flag.end <= other.end for other in others)


def word_pattern(words: Iterable[str]) -> re.Pattern | None:
    """One pattern for the word list: whole words, any case, "*" for any ending."""
    alternatives = []
    for word in words:
        stem, wildcard = (word[:-1], r"\w*") if word.endswith("*") else (word, "")
        alternatives.append(r"\s+".join(map(re.escape, stem.split())) + wildcard)
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def listed_words(text: str, words: Iterable[str]) -> list[Flag]:
    """The words of the list found in ``text``."""
    pattern = word_pattern(tuple(words))
    if pattern is None:
        return []
    return [Flag("word", m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def highlight(
    text: str, flags: Iterable[Flag], label: Callable[[Flag], str] = lambda flag: ""
) -> Markup:
    """The text, escaped, with each flagged span in ``<mark>``; overlapping spans merge.

    ``label`` names a flag for people who do not see the marking (screen readers); the
    names of the flags inside one mark follow it in a visually hidden note.
    """
    spans = sorted((f for f in flags if f.has_span), key=lambda f: (f.start, -f.end))
    merged: list[list] = []  # [start, end, [labels]]
    for flag in spans:
        if merged and flag.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], flag.end)
            merged[-1][2].append(str(label(flag)))
        else:
            merged.append([flag.start, flag.end, [str(label(flag))]])
    parts, position = [], 0
    for start, end, labels in merged:
        parts.append(escape(text[position:start]))
        names = ", ".join(dict.fromkeys(name for name in labels if name))
        note = Markup('<span class="visually-hidden"> ({})</span>').format(names) if names else ""
        parts.append(Markup('<mark class="flagged">{}{}</mark>').format(text[start:end], note))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
