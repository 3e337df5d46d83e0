"""The rules of moderation/README.md for the rulebook file.

``check_rulebook`` takes YAML as read by the shared parser and returns every problem found,
in line order, rather than stopping at the first.
"""

from __future__ import annotations

import re
from typing import Any

from eservices.moderation.yamldata import (
    SLUG,
    SLUG_RULE,
    Checker,
    YamlList,
    YamlMap,
    describe,
    duplicate_keys,
    is_number,
    one_of,
)

# The kinds of item a rule can apply to; the queue's kinds name one of these for their rules.
KINDS = ("proposal", "comment", "candidate")
TOP_LEVEL = ("settings", "prescreen", "rules")
RULE_KEYS = ("id", "title", "explanation", "applies_to")
PRESCREEN_KEYS = ("words", "similarity")
DEFAULT_SIMILARITY = 0.5

# Each setting: (default, lowest, highest). The defaults are the platform's; a municipality
# writes only the settings it wants to change.
SETTINGS = {
    "support_threshold": (200, 1, 1_000_000),
    "support_days": (90, 1, 3650),
    "answer_months": (6, 1, 60),
    "moderation_target_working_days": (5, 1, 60),
    "proposals_per_person_per_month": (3, 1, 1000),
    "reports_to_hide": (3, 1, 1000),
    "reports_per_visitor_per_hour": (10, 1, 10_000),
    "comments_per_person_per_hour": (10, 1, 1000),
    "claim_minutes": (30, 1, 24 * 60),
    "delay_notice_after": (1, 1, 1_000_000),
}

# Letters and digits in any script, words joined by single spaces, hyphens or apostrophes,
# and at most a trailing * for "any ending".
WORD = re.compile(r"[^\W_]+(?:[ '’-][^\W_]+)*\*?")
WORD_RULE = "letters and digits, words joined by single spaces or hyphens, optionally ending in *"


def check_rulebook(data: Any, file: str) -> list:
    """Return every problem in the rulebook file."""
    check = Checker(file)
    for line, path, key, first in duplicate_keys(data):
        check.error(
            line, (*path, str(key)), f"duplicate key {describe(key)} (first given on line {first})"
        )
    if not isinstance(data, YamlMap):
        line = getattr(data, "line", 1)
        check.error(line, (), f"expected settings, prescreen and rules, got {describe(data)}")
        return check.errors
    check.keys(data, (), ("rules",), ("settings", "prescreen"))
    if "settings" in data and check.mapping(data, "settings", (), "a mapping of settings"):
        _check_settings(check, data["settings"])
    if "prescreen" in data and check.mapping(data, "prescreen", (), "words and similarity"):
        _check_prescreen(check, data["prescreen"])
    if "rules" in data and check.sequence(data, "rules", (), "rules"):
        _check_rules(check, data)
    return sorted(check.errors, key=lambda error: error.line or 0)


def _check_settings(check: Checker, settings: YamlMap) -> None:
    path = ("settings",)
    check.keys(settings, path, (), tuple(SETTINGS))
    for key, (_default, low, high) in SETTINGS.items():
        if key in settings:
            check.integer(settings, key, path, low, high)


def _check_prescreen(check: Checker, prescreen: YamlMap) -> None:
    path = ("prescreen",)
    check.keys(prescreen, path, (), PRESCREEN_KEYS)
    if "similarity" in prescreen:
        value = prescreen["similarity"]
        if not is_number(value) or not 0 < value <= 1:
            check.error_at(
                prescreen,
                "similarity",
                path,
                f"expected a number above 0 and at most 1, got {describe(value)}",
            )
    if "words" not in prescreen:
        return
    words = prescreen["words"]
    if not isinstance(words, YamlList):
        check.error_at(
            prescreen, "words", path, f"expected a list of words, got {describe(words)}"
        )
        return
    seen: dict[str, int] = {}
    for number, word in enumerate(words):
        here = (*path, "words")
        if not isinstance(word, str) or not WORD.fullmatch(word):
            what = repr(word) if isinstance(word, str) else describe(word)
            check.error_at(words, number, here, f"{what} is not a word ({WORD_RULE})")
            continue
        folded = word.casefold()
        if folded in seen:
            check.error_at(
                words, number, here, f"'{word}' is already listed as words[{seen[folded]}]"
            )
        seen.setdefault(folded, number)


def _check_rules(check: Checker, data: YamlMap) -> None:
    rules = data["rules"]
    ids: dict[str, int] = {}
    covered: set[str] = set()
    for number, rule in enumerate(rules):
        path = ("rules", number)
        if not check.mapping(
            rules, number, ("rules",), "a rule with id, title, explanation and applies_to"
        ):
            continue
        check.keys(rule, path, RULE_KEYS)
        if "id" in rule and check.matches(rule, "id", path, SLUG, f"a slug ({SLUG_RULE})"):
            if rule["id"] in ids:
                check.error_at(
                    rule,
                    "id",
                    path,
                    f"'{rule['id']}' is already the id of rules[{ids[rule['id']]}]",
                )
            ids.setdefault(rule["id"], number)
        for key in ("title", "explanation"):
            if key in rule:
                check.text(rule, key, path)
        if "applies_to" in rule:
            covered |= _check_kinds(check, rule, path)
    for kind in KINDS:
        if kind not in covered:
            check.error_at(
                data,
                "rules",
                (),
                f"no rule applies to '{kind}': a moderator would have none to cite",
            )


def _check_kinds(check: Checker, rule: YamlMap, path) -> set[str]:
    if not check.sequence(rule, "applies_to", path, f"kinds of item {one_of(KINDS)}"):
        return set()
    kinds, here, found = rule["applies_to"], (*path, "applies_to"), set()
    for number, kind in enumerate(kinds):
        if not check.choice(kinds, number, here, KINDS, "kind of item"):
            continue
        if kind in found:
            check.error_at(kinds, number, here, f"'{kind}' is listed twice")
        found.add(kind)
    return found
