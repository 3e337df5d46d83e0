"""The rulebook as data: settings, the pre-screen's word list and the rules, from YAML.

The schema is moderation/README.md. ``load(path)`` checks the whole file and raises
``DefinitionErrors`` listing every problem as ``file:line: path: message``; the app loads
the file once at start-up (``init_app``) and refuses to start when it is broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from eservices.config import ConfigurationError
from eservices.moderation import yamldata
from eservices.moderation.rulebook_checks import (
    DEFAULT_SIMILARITY,
    KINDS,
    SETTINGS,
    check_rulebook,
)
from eservices.moderation.yamldata import DefinitionErrors, Text, text_from

__all__ = ["KINDS", "Prescreen", "Rule", "Rulebook", "Settings", "get_rulebook", "load"]


@dataclass(frozen=True)
class Settings:
    """The numbers the e-proposal service and its moderation run by (README: Settings)."""

    support_threshold: int
    support_days: int
    answer_months: int
    moderation_target_working_days: int
    proposals_per_person_per_month: int
    reports_to_hide: int
    reports_per_visitor_per_hour: int
    comments_per_person_per_hour: int
    claim_minutes: int
    delay_notice_after: int


@dataclass(frozen=True)
class Prescreen:
    """What the pre-screen looks for besides contact details: words and near-duplicates."""

    words: tuple[str, ...] = ()
    similarity: float = DEFAULT_SIMILARITY


@dataclass(frozen=True)
class Rule:
    """One rule a moderator may cite, with its public title and explanation."""

    id: str
    title: Text
    explanation: Text
    applies_to: tuple[str, ...]


@dataclass(frozen=True)
class Rulebook:
    """The whole file: settings, pre-screen and rules in file order."""

    settings: Settings
    prescreen: Prescreen
    rules: tuple[Rule, ...]
    source_file: str = ""

    def rule(self, rule_id: str) -> Rule | None:
        """Return the rule with this id, or None."""
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def rules_for(self, *kinds: str) -> tuple[Rule, ...]:
        """The rules that apply to any of the kinds of item, in file order."""
        return tuple(rule for rule in self.rules if set(rule.applies_to) & set(kinds))


def load(path: str | Path) -> Rulebook:
    """Read and check the rulebook; raise DefinitionErrors listing every problem."""
    data = yamldata.read(path)
    errors = check_rulebook(data, str(path))
    if errors:
        raise DefinitionErrors(errors)
    settings = data.get("settings") or {}
    prescreen = data.get("prescreen") or {}
    return Rulebook(
        settings=Settings(
            **{key: settings.get(key, limits[0]) for key, limits in SETTINGS.items()}
        ),
        prescreen=Prescreen(
            words=tuple(prescreen.get("words") or ()),
            similarity=float(prescreen.get("similarity", DEFAULT_SIMILARITY)),
        ),
        rules=tuple(
            Rule(
                id=raw["id"],
                title=text_from(raw["title"]),
                explanation=text_from(raw["explanation"]),
                applies_to=tuple(raw["applies_to"]),
            )
            for raw in data["rules"]
        ),
        source_file=str(path),
    )


_cache: dict = {}


def _load_cached(path: Path) -> Rulebook:
    # Parse once per process while the file is unchanged; every test app reuses it.
    stat = path.stat() if path.exists() else None
    key = (path, stat and (stat.st_mtime_ns, stat.st_size))
    if key not in _cache:
        _cache[key] = load(path)
    return _cache[key]


def init_app(app) -> None:
    """Load the rulebook named by MODERATION_RULES; refuse to start when it is broken."""
    try:
        app.extensions["rulebook"] = _load_cached(Path(app.config["MODERATION_RULES"]))
    except DefinitionErrors as exc:
        raise ConfigurationError(
            "Refusing to start: the moderation rulebook has errors "
            f"(`flask moderation check` lists them):\n{exc}"
        ) from None


def get_rulebook() -> Rulebook:
    """The rulebook of the current app."""
    return current_app.extensions["rulebook"]
