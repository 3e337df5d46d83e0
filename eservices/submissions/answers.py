"""A step's answers: read, typed, from its form; and written back into its inputs.

- ``answers_from_form(step, form, previous_answers)``: the answers to the fields shown.
- ``shown_fields(step, form, previous_answers)``: the fields shown, given what was posted.
- ``initial_inputs(step, answers)``: stored answers as the step's inputs expect them.
"""

from __future__ import annotations

import datetime

from eservices import parsers
from eservices.submissions.inputs import (
    ADDRESS_PARTS,
    LOCATION_PARTS,
    NOT_IN_FORM,
    input_names,
    subfield_names,
)
from eservices.submissions.visibility import walk


def answers_from_form(step, form, previous_answers) -> dict:
    """The typed answers to the step's visible fields; empty answers are left out.

    ``previous_answers`` are the answers of the other steps, for conditions that refer to
    them. Call it on a validated form: input that does not parse is left out.
    """
    read = _read(step, form, previous_answers)
    return {field.id: answer for field, answer in read if answer is not None}


def shown_fields(step, form, previous_answers) -> list:
    """The step's fields shown, judged on what was posted and the other steps' answers."""
    return [field for field, _ in _read(step, form, previous_answers)]


def _read(step, form, previous_answers):
    def read(field):
        return None if field.type in NOT_IN_FORM else _answer(field, form)

    return walk(step.fields, previous_answers or {}, read)


def _answer(field, form):
    """The typed answer to one field, or None when it is empty or does not parse."""
    kind = field.type
    if kind == "address":
        return _address_answer(field, form)
    if kind == "location":
        return _location_answer(field, form)
    data = form[field.id].data
    if kind in ("radio", "select", "yes_no"):
        return data if data in field.option_values else None
    if kind == "checkboxes":
        chosen = set(data or ())
        return [value for value in field.option_values if value in chosen] or None
    if kind == "consent":
        return True if data else None
    if kind == "file":
        return list(data) or None
    if kind == "date":
        return data.isoformat() if isinstance(data, datetime.date) else None
    if kind == "number":
        return data if data is None or isinstance(data, int) else str(data)
    if kind == "amount":
        return data
    if parsers.is_blank(data):
        return None
    normalise = {
        "personnummer": parsers.normalise_personnummer,
        "organisationsnummer": parsers.normalise_organisationsnummer,
        "postal_code": parsers.normalise_postal_code,
    }.get(kind)
    return normalise(data) if normalise else data


def _address_answer(field, form):
    parts = {
        part: (form[name].data or "").strip()
        for part, name in zip(ADDRESS_PARTS, subfield_names(field), strict=True)
    }
    if parsers.is_blank(list(parts.values())):
        return None
    parts["postal_code"] = (
        parsers.normalise_postal_code(parts["postal_code"]) or parts["postal_code"]
    )
    return parts


def _location_answer(field, form):
    description, lat, lng = (form[name].data or "" for name in input_names(field))
    coordinates = [_coordinate(lat), _coordinate(lng)]
    if None in coordinates:
        coordinates = [None, None]
    if parsers.is_blank(description) and coordinates[0] is None:
        return None
    return {"lat": coordinates[0], "lng": coordinates[1], "description": description.strip()}


def _coordinate(text):
    try:
        return parsers.parse_coordinate(text)
    except parsers.InputError:
        return None


def initial_inputs(step, answers) -> dict:
    """Stored answers as the form's inputs expect them, by input name."""
    initial = {}
    for field in step.fields:
        value = answers.get(field.id)
        if value is None or field.type in NOT_IN_FORM:
            continue
        names = input_names(field)
        if field.type == "address" and isinstance(value, dict):
            initial.update(
                {name: value.get(part) for part, name in zip(ADDRESS_PARTS, names, strict=True)}
            )
        elif field.type == "location" and isinstance(value, dict):
            initial.update(
                {
                    name: "" if value.get(part) is None else str(value.get(part))
                    for part, name in zip(LOCATION_PARTS, names, strict=True)
                }
            )
        elif field.type == "date":
            initial[field.id] = _iso_date(value)
        elif field.type == "personnummer" and len(str(value)) == 12:
            initial[field.id] = f"{str(value)[:8]}-{str(value)[8:]}"
        else:
            initial[field.id] = value
    return initial


def _iso_date(value):
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None
