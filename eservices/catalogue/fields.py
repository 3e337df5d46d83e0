"""The parts of a form: options, conditions and fields (texts are ``content.Text``).

Each is an immutable dataclass, built by the ``*_from`` functions from YAML that
``validation`` has already checked (so they trust the shape of what they are given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eservices.catalogue.schema import DEFAULT_MAX_FILES, DEFAULT_MAX_LENGTH, DEFAULT_MAX_SIZE_MB
from eservices.content import Text, as_value, text_from


@dataclass(frozen=True)
class Option:
    """One choice of a radio, select, checkboxes or yes_no field."""

    value: str
    label: Text


YES_NO_OPTIONS = (Option("yes", Text("Ja", "Yes")), Option("no", Text("Nej", "No")))


def _as_answer_text(answer: Any) -> str:
    # A yes/no answer may arrive as a boolean; conditions name it "yes" or "no".
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    return str(answer)


@dataclass(frozen=True)
class Condition:
    """``{field: id, equals: v}`` or ``{field: id, in: [...]}``; equals is ``values=(v,)``."""

    field: str
    values: tuple[str, ...]

    def matches(self, answers: Mapping[str, Any]) -> bool:
        """Return True if the answer to ``field`` is one of the values.

        A checkboxes answer (a list) matches when it contains any of the values.
        """
        answer = answers.get(self.field)
        if answer is None:
            return False
        if isinstance(answer, list | tuple | set | frozenset):
            return any(_as_answer_text(item) in self.values for item in answer)
        return _as_answer_text(answer) in self.values


@dataclass(frozen=True)
class Field:
    """One question of a form (or, for type "info", a text shown in it)."""

    id: str
    type: str
    label: Text | None = None
    hint: Text | None = None
    required: bool = False
    prefill: str | None = None
    visible_if: Condition | None = None
    summary: bool = False  # shown in the handlers' queue as what the case is about
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_message: Text | None = None
    min: int | float | str | None = None  # a date field: "today" or "YYYY-MM-DD"
    max: int | float | str | None = None
    decimals: int | None = None
    options: tuple[Option, ...] = ()  # yes_no fields get YES_NO_OPTIONS
    min_choices: int | None = None
    max_choices: int | None = None
    accept: tuple[str, ...] = ()
    max_size_mb: int | None = None
    max_files: int | None = None
    text: Text | None = None

    def option(self, value: str) -> Option | None:
        """Return the option with this value, or None."""
        return next((option for option in self.options if option.value == value), None)

    @property
    def option_values(self) -> tuple[str, ...]:
        """The values of the options, in order."""
        return tuple(option.value for option in self.options)


# --- Building from checked YAML ----------------------------------------------------------


def condition_from(raw: Mapping) -> Condition:
    """Build a Condition from a checked ``{field, equals}`` or ``{field, in}``."""
    values = [raw["equals"]] if "equals" in raw else raw["in"]
    return Condition(raw["field"], tuple(as_value(value) for value in values))


def field_from(raw: Mapping) -> Field:
    """Build a Field from a checked field mapping, filling in the schema's defaults."""
    kind = raw["type"]
    if kind == "yes_no":
        options = YES_NO_OPTIONS
    else:
        options = tuple(
            Option(as_value(o["value"]), text_from(o["label"])) for o in raw.get("options", ())
        )
    return Field(
        id=raw["id"],
        type=kind,
        label=text_from(raw.get("label")),
        hint=text_from(raw.get("hint")),
        required=kind == "consent" or raw.get("required", False),
        prefill=raw.get("prefill"),
        visible_if=condition_from(raw["visible_if"]) if "visible_if" in raw else None,
        summary=raw.get("summary", False),
        min_length=raw.get("min_length"),
        max_length=raw.get("max_length", DEFAULT_MAX_LENGTH.get(kind)),
        pattern=raw.get("pattern"),
        pattern_message=text_from(raw.get("pattern_message")),
        min=raw.get("min"),
        max=raw.get("max"),
        decimals=raw.get("decimals", 0) if kind == "number" else None,
        options=options,
        min_choices=raw.get("min_choices"),
        max_choices=raw.get("max_choices"),
        accept=tuple(raw.get("accept", ())),
        max_size_mb=raw.get("max_size_mb", DEFAULT_MAX_SIZE_MB) if kind == "file" else None,
        max_files=raw.get("max_files", DEFAULT_MAX_FILES) if kind == "file" else None,
        text=text_from(raw.get("text")),
    )
