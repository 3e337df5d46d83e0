"""Checks for the fields of a service and for conditions (visible_if, routing rules)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from eservices.catalogue.schema import (
    ACCEPTED_MIME_TYPES,
    COMMON_FIELD_KEYS,
    DEFAULT_MAX_LENGTH,
    EXTRA_KEYS,
    FIELD_ID,
    FIELD_TYPES,
    MAX_FILES,
    MAX_LENGTH_LIMIT,
    MAX_SIZE_MB,
    NOT_A_SUMMARY,
    OPTION_TYPES,
    PREFILL_TYPES,
    YES_NO_VALUES,
    parse_date_bound,
)
from eservices.content import (
    SLUG,
    SLUG_RULE,
    Checker,
    KeyPath,
    YamlList,
    YamlMap,
    as_value,
    describe,
    format_path,
    is_number,
    one_of,
)

_ALL_EXTRA_KEYS = sorted({key for keys in EXTRA_KEYS.values() for key in keys})


@dataclass
class FieldIndex:
    """The fields of a service in form order, for checks that look at other fields."""

    fields: list[tuple[KeyPath, YamlMap]]
    positions: dict[str, int]

    @classmethod
    def of(cls, fields: list[tuple[KeyPath, YamlMap]]) -> FieldIndex:
        """Index fields by id; the first field with an id wins."""
        positions: dict[str, int] = {}
        for index, (_, field) in enumerate(fields):
            field_id = field.get("id")
            if isinstance(field_id, str):
                positions.setdefault(field_id, index)
        return cls(fields, positions)

    def get(self, field_id: str) -> tuple[int, YamlMap] | None:
        """Return (position, field) for an id, or None."""
        if field_id not in self.positions:
            return None
        position = self.positions[field_id]
        return position, self.fields[position][1]


def option_values(field: YamlMap) -> tuple[str, ...] | None:
    """Return the values a field can take, or None when it is free text (or unreadable)."""
    if field.get("type") == "yes_no":
        return YES_NO_VALUES
    options = field.get("options")
    if field.get("type") not in OPTION_TYPES or not isinstance(options, YamlList):
        return None
    values = (as_value(o.get("value")) for o in options if isinstance(o, YamlMap))
    return tuple(value for value in values if value is not None)


def check_fields(check: Checker, index: FieldIndex) -> None:
    """Check every field of a service; ``index`` holds them in form order."""
    for position, (path, field) in enumerate(index.fields):
        field_id = field.get("id")
        first = index.positions.get(field_id) if isinstance(field_id, str) else None
        if first is not None and first != position:
            earlier = index.fields[first][0]
            check.error_at(
                field,
                "id",
                path,
                f"duplicate field id '{field_id}' (also at {format_path(earlier)})",
            )
        _check_field(check, field, path, position, index)


def _check_field(check: Checker, field: YamlMap, path: KeyPath, position: int, index) -> None:
    field_type = field.get("type")
    known = isinstance(field_type, str) and field_type in FIELD_TYPES
    if "type" in field and not known:
        check.choice(field, "type", path, FIELD_TYPES, "field type")
    _check_field_keys(check, field, path, field_type if known else None)

    if "id" in field:
        check.matches(field, "id", path, FIELD_ID, "a field id ([a-z][a-z0-9_]*)")
    if "label" in field and field_type != "info":
        check.text(field, "label", path)
    if "hint" in field:
        check.text(field, "hint", path)
    if "required" in field and check.boolean(field, "required", path):
        if field_type == "consent" and field["required"] is False:
            check.error_at(field, "required", path, "a consent field is always required")
        if field_type == "info" and field["required"] is True:
            check.error_at(field, "required", path, "an info field has no answer to require")
    if "prefill" in field and check.choice(field, "prefill", path, PREFILL_TYPES, "prefill"):
        wanted = PREFILL_TYPES[field["prefill"]]
        if known and field_type != wanted:
            check.error_at(
                field,
                "prefill",
                path,
                f"prefill '{field['prefill']}' is for {wanted} fields, not {field_type}",
            )
    if "visible_if" in field:
        check_condition(check, field, "visible_if", path, index, before=position)
    summary = "summary" in field and check.boolean(field, "summary", path) and field["summary"]
    if summary and field_type in NOT_A_SUMMARY:
        message = f"a {field_type} field cannot be shown as the case's summary"
        check.error_at(field, "summary", path, message)

    if known:
        _check_settings(check, field, path, field_type)


def _check_settings(check: Checker, field: YamlMap, path: KeyPath, field_type: str) -> None:
    """Check the keys that only some field types take."""
    if field_type in DEFAULT_MAX_LENGTH:
        _check_lengths(check, field, path, field_type)
    if field_type == "text":
        _check_pattern(check, field, path)
    if field_type in ("date", "number", "amount"):
        _check_bounds(check, field, path, field_type)
    if field_type == "number" and "decimals" in field:
        check.integer(field, "decimals", path, 0)
    if field_type in OPTION_TYPES and "options" in field:
        _check_options(check, field, path)
    if field_type == "checkboxes":
        _check_choice_counts(check, field, path)
    if field_type == "file":
        if "accept" in field:
            _check_accept(check, field, path)
        if "max_size_mb" in field:
            check.integer(field, "max_size_mb", path, *MAX_SIZE_MB)
        if "max_files" in field:
            check.integer(field, "max_files", path, *MAX_FILES)
    if field_type == "info" and "text" in field:
        check.text(field, "text", path)


def _check_field_keys(check: Checker, field: YamlMap, path: KeyPath, field_type) -> None:
    """Report missing keys, unknown keys, and keys that belong to another type."""
    required = ["id", "type"]
    if field_type == "info":
        required.append("text")
    elif field_type is not None:
        required.append("label")
    if field_type == "file":
        # Uploads are checked by content, so a file field must say which content it takes.
        required.append("accept")
    for key in required:
        if key not in field:
            check.error(field.line, path, f"missing required key '{key}'")
    allowed = (*COMMON_FIELD_KEYS, *EXTRA_KEYS.get(field_type, ()))
    for key in field:
        if field_type == "info" and key == "label":
            check.error_at(field, key, path, "an info field has 'text' instead of 'label'")
        elif key in allowed:
            continue
        elif key in _ALL_EXTRA_KEYS:
            if field_type is not None:
                check.error_at(field, key, path, f"'{key}' does not apply to a {field_type} field")
        else:
            check.unknown_key(field, key, path, (*COMMON_FIELD_KEYS, *_ALL_EXTRA_KEYS))


def _check_lengths(check: Checker, field: YamlMap, path: KeyPath, field_type: str) -> None:
    maximum = DEFAULT_MAX_LENGTH[field_type]
    if "max_length" in field:
        if not check.integer(field, "max_length", path, 1, MAX_LENGTH_LIMIT):
            return
        maximum = field["max_length"]
    if "min_length" in field and check.integer(field, "min_length", path, 0):
        minimum = field["min_length"]
        if minimum > maximum:
            which = "max_length" if "max_length" in field else "the default max_length"
            message = f"min_length {minimum} is greater than {which} {maximum}"
            check.error_at(field, "min_length", path, message)


def _check_pattern(check: Checker, field: YamlMap, path: KeyPath) -> None:
    if "pattern" in field:
        pattern = field["pattern"]
        if not isinstance(pattern, str):
            message = f"expected a regular expression, got {describe(pattern)}"
            check.error_at(field, "pattern", path, message)
        else:
            try:
                re.compile(pattern)
            except re.error as exc:
                check.error_at(field, "pattern", path, f"not a valid regular expression: {exc}")
        if "pattern_message" not in field:
            check.error_at(field, "pattern", path, "a pattern needs a pattern_message")
    if "pattern_message" in field:
        check.text(field, "pattern_message", path)
        if "pattern" not in field:
            check.error_at(field, "pattern_message", path, "a pattern_message without a pattern")


def _check_bounds(check: Checker, field: YamlMap, path: KeyPath, field_type: str) -> None:
    bounds = {}
    for key in ("min", "max"):
        if key not in field:
            continue
        value = field[key]
        if field_type == "date":
            bounds[key] = parse_date_bound(value)
            expected = "an ISO date (YYYY-MM-DD) or 'today'"
        else:
            bounds[key] = value if is_number(value) else None
            expected = "a number"
        if bounds[key] is None:
            check.error_at(field, key, path, f"expected {expected}, got {describe(value)}")
    low, high = bounds.get("min"), bounds.get("max")
    # "today" moves, so only fixed dates (and numbers) can be compared.
    comparable = (datetime.date, int, float)
    if isinstance(low, comparable) and isinstance(high, comparable) and low > high:
        message = f"min {field['min']} is greater than max {field['max']}"
        check.error_at(field, "min", path, message)


def _check_options(check: Checker, field: YamlMap, path: KeyPath) -> None:
    if not check.sequence(field, "options", path, "options {value, label}"):
        return
    options, here = field["options"], (*path, "options")
    seen: dict[str, int] = {}
    for number, option in enumerate(options):
        if not check.mapping(options, number, here, "an option {value, label}"):
            continue
        at = (*here, number)
        check.keys(option, at, ("value", "label"))
        if "label" in option:
            check.text(option, "label", at)
        if "value" not in option:
            continue
        value = as_value(option["value"])
        if value is None or not SLUG.fullmatch(value):
            what = repr(value) if value is not None else describe(option["value"])
            check.error_at(option, "value", at, f"{what} is not a slug ({SLUG_RULE})")
        elif value in seen:
            message = f"duplicate option value '{value}' (also options[{seen[value]}])"
            check.error_at(option, "value", at, message)
        else:
            seen[value] = number


def _check_choice_counts(check: Checker, field: YamlMap, path: KeyPath) -> None:
    options = field.get("options")
    count = len(options) if isinstance(options, YamlList) else 0
    valid = {}
    for key, low in (("min_choices", 0), ("max_choices", 1)):
        if key in field and check.integer(field, key, path, low):
            valid[key] = field[key]
            if count and field[key] > count:
                message = f"{key} {field[key]} is more than the {count} options"
                check.error_at(field, key, path, message)
    if len(valid) == 2 and valid["min_choices"] > valid["max_choices"]:
        message = (
            f"min_choices {valid['min_choices']} is greater than "
            f"max_choices {valid['max_choices']}"
        )
        check.error_at(field, "min_choices", path, message)


def _check_accept(check: Checker, field: YamlMap, path: KeyPath) -> None:
    if not check.sequence(field, "accept", path, "MIME types"):
        return
    accept, here = field["accept"], (*path, "accept")
    for number, mime in enumerate(accept):
        if mime not in ACCEPTED_MIME_TYPES:
            message = f"file type {describe(mime)} is not allowed {one_of(ACCEPTED_MIME_TYPES)}"
            check.error_at(accept, number, here, message)


def check_condition(check: Checker, parent, key, path: KeyPath, index: FieldIndex, before=None):
    """Check ``{field: id, equals: value}`` or ``{field: id, in: [values]}``.

    ``before`` is the position of the field that carries a visible_if: the field it
    depends on must come earlier. Routing rules pass None: any field will do.
    """
    what = "{field: id, equals: value} or {field: id, in: [values]}"
    if not check.mapping(parent, key, path, what):
        return
    condition, here = parent[key], (*path, key)
    check.keys(condition, here, ("field",), ("equals", "in"))
    if ("equals" in condition) == ("in" in condition):
        both = "equals" in condition
        message = "give 'equals' or 'in', not both" if both else "missing 'equals' or 'in'"
        check.error(condition.line, here, message)
    target = _condition_target(check, condition, here, index, before)
    allowed = option_values(target) if target is not None else None
    name = condition.get("field")
    if "equals" in condition:
        _check_condition_value(check, condition, "equals", here, name, allowed)
    if "in" in condition and check.sequence(condition, "in", here, "values"):
        for number in range(len(condition["in"])):
            _check_condition_value(check, condition["in"], number, (*here, "in"), name, allowed)


def _condition_target(check, condition: YamlMap, path: KeyPath, index: FieldIndex, before):
    if "field" not in condition:
        return None
    name = condition["field"]
    found = index.get(name) if isinstance(name, str) else None
    if found is None:
        check.error_at(condition, "field", path, f"unknown field {describe(name)}")
        return None
    position, target = found
    if before is not None and position >= before:
        if position == before:
            message = "a field cannot depend on itself"
        else:
            message = (
                f"'{name}' comes later in the form; visible_if can only refer to an earlier field"
            )
        check.error_at(condition, "field", path, message)
        return None
    if target.get("type") == "info":
        check.error_at(condition, "field", path, f"'{name}' is an info field and has no answer")
        return None
    return target


def _check_condition_value(check, parent, key, path: KeyPath, name, allowed) -> None:
    value = as_value(parent[key])
    if value is None:
        check.error_at(parent, key, path, f"expected a value, got {describe(parent[key])}")
    elif allowed and value not in allowed:
        message = f"'{value}' is not an option of '{name}' {one_of(allowed)}"
        check.error_at(parent, key, path, message)
