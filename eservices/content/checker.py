"""A checker for the basic kinds of value in content files, and how values are named.

The checker reports a problem and carries on, so that one run lists every mistake in a
file. Each check returns whether the value was acceptable, so that later checks which
depend on it (min against max, a condition against the options) can be skipped rather
than report a second, confusing error.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from eservices.content.errors import DefinitionError, format_path
from eservices.content.yamlsource import YamlList, YamlMap, duplicate_keys
from eservices.parsers import SLUG

KeyPath = tuple[str | int, ...]

# One rule for every slug (unit names too), so that ids and option values all look alike.
SLUG_RULE = "lowercase a-z, 0-9 and single hyphens"
LANGUAGES = ("sv", "en")


def describe(value: Any) -> str:
    """Name a YAML value for an error message: 'a list', 'the number 3', "'txt'"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def one_of(choices) -> str:
    """Return '(expected one of: a, b, c)'."""
    return f"(expected one of: {', '.join(choices)})"


def as_value(value: Any) -> str | None:
    """Return an option or condition value as text; whole numbers count as their digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def is_number(value: Any) -> bool:
    """Return True for an int or float that is not a boolean."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class Checker:
    """Collects DefinitionErrors for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[DefinitionError] = []

    def in_line_order(self) -> list[DefinitionError]:
        """The problems found, in the order of their lines in the file."""
        return sorted(self.errors, key=lambda error: error.line or 0)

    def error(self, line: int | None, path: KeyPath, message: str) -> None:
        """Record one problem."""
        self.errors.append(DefinitionError(self.file, line, format_path(path), message))

    def error_at(self, parent: YamlMap | YamlList, key: Any, path: KeyPath, message: str) -> None:
        """Record a problem with ``parent[key]``, at the line where it is written."""
        self.error(parent.line_of(key), (*path, key), message)

    def document(self, data: Any, what: str) -> bool:
        """Report keys written twice anywhere; check that the whole file is a mapping."""
        for line, path, key, first in duplicate_keys(data):
            message = f"duplicate key {describe(key)} (first given on line {first})"
            self.error(line, (*path, str(key)), message)
        if isinstance(data, YamlMap):
            return True
        self.error(getattr(data, "line", 1), (), f"expected {what}, got {describe(data)}")
        return False

    def mapping(self, parent: YamlMap | YamlList, key: Any, path: KeyPath, what: str) -> bool:
        """Check that ``parent[key]`` is a mapping; ``what`` names the expected content."""
        if isinstance(parent[key], YamlMap):
            return True
        self.error_at(parent, key, path, f"expected {what}, got {describe(parent[key])}")
        return False

    def sequence(self, parent: YamlMap, key: str, path: KeyPath, what: str) -> bool:
        """Check that ``parent[key]`` is a non-empty list; ``what`` names its items."""
        value = parent[key]
        if isinstance(value, YamlList) and value:
            return True
        got = "an empty list" if isinstance(value, YamlList) else describe(value)
        self.error_at(parent, key, path, f"expected a list of {what}, got {got}")
        return False

    def keys(self, mapping: YamlMap, path: KeyPath, required, optional=()) -> None:
        """Report missing required keys and keys that the schema does not know."""
        for key in required:
            if key not in mapping:
                self.error(mapping.line, path, f"missing required key '{key}'")
        known = (*required, *optional)
        for key in mapping:
            if key not in known:
                self.unknown_key(mapping, key, path, known)

    def unknown_key(self, mapping: YamlMap, key: Any, path: KeyPath, known) -> None:
        """Report a key the schema does not know, suggesting the nearest known one."""
        message = f"unknown key {describe(key)}"
        close = difflib.get_close_matches(str(key), known, n=1)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        self.error(mapping.line_of(key), (*path, str(key)), message)

    def text(self, parent: YamlMap, key: str, path: KeyPath) -> bool:
        """Check a text: a mapping with non-empty 'sv' and 'en' and optionally 'sv_easy'."""
        if not self.mapping(parent, key, path, "a text with 'sv' and 'en'"):
            return False
        value, here = parent[key], (*path, key)
        errors = len(self.errors)
        self.keys(value, here, LANGUAGES, ("sv_easy",))
        for language in (*LANGUAGES, "sv_easy"):
            if language not in value:
                continue
            words = value[language]
            if not isinstance(words, str):
                self.error_at(value, language, here, f"expected text, got {describe(words)}")
            elif not words.strip():
                self.error_at(value, language, here, "must not be empty")
        return len(self.errors) == errors

    def boolean(self, parent: YamlMap, key: str, path: KeyPath) -> bool:
        """Check that ``parent[key]`` is true or false."""
        if isinstance(parent[key], bool):
            return True
        self.error_at(parent, key, path, f"expected true or false, got {describe(parent[key])}")
        return False

    def integer(self, parent, key, path: KeyPath, low: int | None = None, high=None) -> bool:
        """Check a whole number, optionally within low..high."""
        value = parent[key]
        if not isinstance(value, int) or isinstance(value, bool):
            self.error_at(parent, key, path, f"expected a whole number, got {describe(value)}")
            return False
        if low is not None and high is not None and not low <= value <= high:
            self.error_at(parent, key, path, f"must be between {low} and {high}, got {value}")
            return False
        if low is not None and value < low:
            self.error_at(parent, key, path, f"must be at least {low}, got {value}")
            return False
        return True

    def matches(self, parent, key, path: KeyPath, pattern: re.Pattern, rule: str) -> bool:
        """Check that ``parent[key]`` is a string matching ``pattern`` (described by rule)."""
        value = parent[key]
        if isinstance(value, str) and pattern.fullmatch(value):
            return True
        what = repr(value) if isinstance(value, str) else describe(value)
        self.error_at(parent, key, path, f"{what} is not {rule}")
        return False

    def slug(self, parent, key, path: KeyPath) -> bool:
        """Check a slug such as a service id or a unit name."""
        return self.matches(parent, key, path, SLUG, f"a slug ({SLUG_RULE})")

    def choice(self, parent, key, path: KeyPath, choices, what: str) -> bool:
        """Check that ``parent[key]`` is one of ``choices``; ``what`` names the kind."""
        value = parent[key]
        if isinstance(value, str) and value in choices:
            return True
        self.error_at(parent, key, path, f"unknown {what} {describe(value)} {one_of(choices)}")
        return False
