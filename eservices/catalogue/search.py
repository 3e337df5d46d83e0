"""Searching and browsing the catalogue: pure functions over a Catalogue, no HTTP.

Search looks at the title, the summary and the keywords in both languages, so that a
resident finds a service whichever language they think in. Matching ignores case and
accents ("storning" finds "störning") and works inside Swedish compounds ("parkering"
finds "Parkeringstillstånd"). Every word of the query must match somewhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

from eservices.catalogue.definitions import Catalogue, Service, Text

MAX_QUERY_LENGTH = 100

_NOT_A_WORD = re.compile(r"[\W_]+")


class Where(IntEnum):
    """Where a query word matched, best first: the order of the search results."""

    TITLE = 0
    SUMMARY = 1
    KEYWORDS = 2


@dataclass(frozen=True)
class Term:
    """A category or life event (livshändelse) and the published services in it."""

    id: str
    label: Text
    services: tuple[Service, ...]

    @property
    def count(self) -> int:
        """How many published services the term holds."""
        return len(self.services)


def clean_query(raw: str | None) -> str:
    """The query as typed, with whitespace collapsed and cut to MAX_QUERY_LENGTH."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH].strip()


def normalise(text: str) -> str:
    """Fold case and accents and turn punctuation into spaces: "Störning!" -> "storning"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_A_WORD.sub(" ", bare).split())


def query_words(query: str) -> list[str]:
    """The distinct words of a query, normalised, in the order typed."""
    return list(dict.fromkeys(normalise(query).split()))


def search(catalogue: Catalogue, query: str) -> tuple[Service, ...]:
    """The published services matching every word of the query, best first.

    A blank query gives every published service in catalogue order. Services whose titles
    match more words come first, then those whose summaries do, then keyword matches;
    ties keep the catalogue's (Swedish alphabetical) order.
    """
    if not query.strip():
        return catalogue.published()
    words = query_words(query)
    if not words:
        return ()
    ranked = []
    for position, service in enumerate(catalogue.published()):
        places = _match(service, words)
        if places is not None:
            key = tuple(-places.count(where) for where in Where)
            ranked.append((key, position, service))
    return tuple(service for _key, _position, service in sorted(ranked))


def _match(service: Service, words: list[str]) -> list[Where] | None:
    """Where each word matches best, or None when a word matches nowhere."""
    haystacks = _haystacks(service)
    places = []
    for word in words:
        where = next((where for where in Where if word in haystacks[where]), None)
        if where is None:
            return None
        places.append(where)
    return places


def _haystacks(service: Service) -> dict[Where, str]:
    keywords = (*service.keywords.sv, *service.keywords.en)
    return {
        Where.TITLE: _both(service.title),
        Where.SUMMARY: _both(service.summary),
        Where.KEYWORDS: " ".join(normalise(keyword) for keyword in keywords),
    }


def _both(text: Text) -> str:
    return " ".join(normalise(part) for part in (text.sv, text.en, text.sv_easy) if part)


# --- Browsing ----------------------------------------------------------------------------


def categories(catalogue: Catalogue) -> tuple[Term, ...]:
    """The categories that hold published services, in taxonomy order."""
    terms = (category(catalogue, term_id) for term_id in catalogue.taxonomy.categories)
    return tuple(term for term in terms if term.count)


def life_events(catalogue: Catalogue) -> tuple[Term, ...]:
    """The life events that hold published services, in taxonomy order."""
    terms = (life_event(catalogue, term_id) for term_id in catalogue.taxonomy.life_events)
    return tuple(term for term in terms if term.count)


def category(catalogue: Catalogue, category_id: str) -> Term | None:
    """The category with its published services; None for an unknown id."""
    label = catalogue.taxonomy.categories.get(category_id)
    if label is None:
        return None
    services = tuple(s for s in catalogue.published() if s.category == category_id)
    return Term(category_id, label, services)


def life_event(catalogue: Catalogue, event_id: str) -> Term | None:
    """The life event with its published services; None for an unknown id."""
    label = catalogue.taxonomy.life_events.get(event_id)
    if label is None:
        return None
    services = tuple(s for s in catalogue.published() if event_id in s.life_events)
    return Term(event_id, label, services)


def published_service(catalogue: Catalogue, service_id: str) -> Service | None:
    """The service if it exists and is published, else None."""
    service = catalogue.get(service_id)
    return service if service is not None and service.published else None


# --- The service description -------------------------------------------------------------


def retention_period(days: int) -> tuple[int, str]:
    """Days as the plainest whole period: (2, "years") for 730, (3, "months") for 90.

    A period counts as whole years when it lies between 365 and 366 days a year (leap
    days included), and as whole months between 30 and 31 days a month; otherwise days.
    """
    years, months = days // 365, days // 30
    if years and 365 * years <= days <= 366 * years:
        return years, "years"
    if months and 30 * months <= days <= 31 * months:
        return months, "months"
    return days, "days"
