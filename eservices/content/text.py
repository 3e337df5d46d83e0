"""A text a resident reads, written in a content file in Swedish and English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A text a resident sees, in Swedish, English and optionally easy-to-read Swedish."""

    sv: str
    en: str
    sv_easy: str | None = None

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("sv", "en" or "sv_easy"), else the Swedish."""
        return {"en": self.en, "sv_easy": self.sv_easy}.get(lang) or self.sv


def text_from(raw: Mapping | None) -> Text | None:
    """Build a Text from a checked ``{sv, en, sv_easy}`` mapping; None stays None."""
    if raw is None:
        return None
    easy = raw.get("sv_easy")
    return Text(raw["sv"].strip(), raw["en"].strip(), easy.strip() if easy else None)
