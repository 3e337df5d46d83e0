"""Answers as people read them: on the review page, the receipt and the case page."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, format_date, format_decimal

from eservices.catalogue.fields import YES_NO_OPTIONS

_YES = YES_NO_OPTIONS[0].label


def display_value(field, value, language) -> str:
    """The answer to ``field`` as text in ``language``; "" when there is none.

    A personnummer is masked ("19900315-****"): the full number is shown to staff only,
    where viewing it is audited.
    """
    if value is None or value == "" or value == []:
        return ""
    # British English writes dates as "21 November 2026", as Swedish does.
    with force_locale("en_GB" if language == "en" else "sv"):
        return _display(field, value, language)


def _display(field, value, language):
    kind = field.type
    if kind in ("radio", "select", "yes_no"):
        return _option_label(field, value, language)
    if kind == "checkboxes":
        items = value if isinstance(value, list | tuple) else [value]
        return ", ".join(_option_label(field, item, language) for item in items)
    if kind == "consent":
        return _YES.get(language) if value else ""
    if kind == "date":
        return _date(value)
    if kind == "number":
        return _number(value)
    if kind == "amount":
        return f"{_number(value)}\u00a0kr"
    if kind == "personnummer":
        return _masked(str(value))
    if kind == "address" and isinstance(value, dict):
        return _address(value)
    if kind == "location" and isinstance(value, dict):
        return _location(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _option_label(field, value, language):
    option = field.option(str(value))
    return option.label.get(language) if option else str(value)


def _date(value):
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, format="long")


def _number(value):
    try:
        number = value if isinstance(value, int) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if isinstance(number, Decimal):
        # Show every decimal the resident gave, not the locale's default of three.
        places = max(-number.as_tuple().exponent, 0)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(number, format=pattern)
    return format_decimal(number)


def _masked(value):
    digits = value.replace("-", "").replace("+", "")
    if len(digits) >= 8:
        return f"{digits[:8]}-****"
    return "****"


def _address(value):
    town = " ".join(part for part in (value.get("postal_code"), value.get("city")) if part)
    return ", ".join(part for part in (value.get("street"), town) if part)


def _location(value):
    description = (value.get("description") or "").strip()
    lat, lng = value.get("lat"), value.get("lng")
    if lat is None or lng is None:
        return description
    # Coordinates are written the international way, with points, whatever the language.
    coordinates = f"{float(lat):.5f}, {float(lng):.5f}"
    return f"{description} ({coordinates})" if description else coordinates
