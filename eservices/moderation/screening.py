"""Screening one item of a registered kind with the rulebook's pre-screen settings."""

from __future__ import annotations

from dataclasses import dataclass

from eservices.moderation import prescreen
from eservices.moderation.prescreen import Flag
from eservices.moderation.registry import Content, Kind
from eservices.moderation.rulebook import get_rulebook
from eservices.moderation.similarity import similar


@dataclass(frozen=True)
class Section:
    """One text of an item, with what the pre-screen found in it."""

    label: str
    text: str
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class Screening:
    """An item's title and texts with their flags, and the open items it resembles."""

    title: Section
    texts: tuple[Section, ...]
    similar: tuple[Flag, ...]

    @property
    def spans(self) -> list[Flag]:
        """Every flag that points at characters: the title's first, then each text's."""
        return [flag for section in (self.title, *self.texts) for flag in section.flags]

    @property
    def codes(self) -> list[str]:
        """The kinds of finding, in the pre-screen's order, each once."""
        found = {flag.code for flag in (*self.spans, *self.similar)}
        return [code for code in prescreen.CODES if code in found]


def screen(kind: Kind, object_id: str, content: Content) -> Screening:
    """Screen the item's title and each text; compare it with the kind's open items."""
    settings = get_rulebook().prescreen

    def section(label, text):
        found = prescreen.screen(text, words=settings.words)
        return Section(label, text, tuple(found))

    candidates = kind.open_items() if kind.open_items else ()
    matches = similar(
        content.screened_text(),
        ((str(key), text) for key, text in candidates),
        exclude=str(object_id),
        threshold=settings.similarity,
    )
    return Screening(
        title=section("", content.title),
        texts=tuple(section(label, text) for label, text in content.texts),
        similar=tuple(Flag("similar", key=m.key, detail=f"{m.score:.2f}") for m in matches),
    )
