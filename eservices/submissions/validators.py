"""How an answer is read and checked: parsers, input fields and validators.

Definition labels are often questions ("Vad gäller felet?"), so messages quote the label
rather than build a sentence around it. Parsers accept what people really type (a decimal
comma, spaces between thousands, "12 500 kr") but only ASCII digits: fullwidth or
Arabic-Indic digits would otherwise be stored as look-alikes.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal

from flask_babel import format_date, format_decimal, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectMultipleField, StringField
from wtforms.validators import Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from eservices.accounts import personnummer
from eservices.accounts.forms import PNR_MESSAGES
from eservices.database import SWEDEN
from eservices.forms import Required
from eservices.i18n import lazy_message

# Larger numbers lose precision in JavaScript and spreadsheets; no form asks for them.
LARGEST = 10**15
# Sweden's extent in WGS84, rounded outwards.
LATITUDES = (55.0, 70.0)
LONGITUDES = (10.0, 25.0)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")


# --- Reading text -------------------------------------------------------------------------


def without_invisible(text: str) -> str:
    """The text without format characters (zero-width spaces, direction marks, BOM)."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def is_blank(value) -> bool:
    """True for no answer: None, an empty list, or text with nothing visible in it."""
    if value is None:
        return True
    if isinstance(value, str):
        return not without_invisible(value).strip()
    if isinstance(value, list | tuple):
        return all(is_blank(item) for item in value)
    return False


def _compact(text: str) -> str:
    # Structured values (numbers, codes) may be pasted with invisible marks and spaces.
    return _SPACES.sub("", without_invisible(text))


def normalise_postal_code(text: str) -> str | None:
    """Return "NNN NN" for a Swedish postal code, else None."""
    digits = _compact(text or "")
    if re.fullmatch(r"[1-9][0-9]{4}", digits):
        return f"{digits[:3]} {digits[3:]}"
    return None


def normalise_organisationsnummer(text: str) -> str | None:
    """Return "NNNNNN-NNNN" for a well-formed organisation number with a Luhn check digit."""
    compact = _compact(text or "")
    if not re.fullmatch(r"[0-9]{6}-?[0-9]{4}", compact):
        return None
    digits = compact.replace("-", "")
    if not personnummer.luhn_checksum_ok(digits):
        return None
    return f"{digits[:6]}-{digits[6:]}"


def normalise_personnummer(text: str) -> str | None:
    """Return the 12 digits of a valid personnummer or samordningsnummer, else None."""
    try:
        return personnummer.parse(_compact_pnr(text or "")).normalized
    except personnummer.InvalidPersonnummer:
        return None


def _compact_pnr(text: str) -> str:
    # Spaces are dropped, the "+" of a centenarian's short form is kept.
    return re.sub(r"\s", "", without_invisible(text))


class InputError(ValueError):
    """Text that cannot be read as the value asked for; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_number(text: str, decimals: int = 0) -> int | Decimal:
    """Read "1 200", "12,5" or "-3" as an int (decimals 0) or a Decimal.

    Raise InputError with reason "format", "whole", "decimals" or "large".
    """
    compact = _compact(text).replace("\u2212", "-").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", compact):
        raise InputError("format")
    value = Decimal(compact)
    if abs(value) >= LARGEST:
        raise InputError("large")
    if decimals == 0:
        if value != value.to_integral_value():
            raise InputError("whole")
        return int(value)
    if -value.as_tuple().exponent > decimals:
        raise InputError("decimals")
    return abs(value) if value == 0 else value


_KRONOR = re.compile(r"(?:sek|kr\.?|kronor|:-|:–)$")


def parse_amount(text: str) -> int:
    """Read whole kronor: "12 500", "12 500 kr", "12500:-" or "12 500,00" give 12500.

    Raise InputError with reason "format" or "large".
    """
    compact = _compact(text).lower()
    compact = _KRONOR.sub("", compact)
    compact = re.sub(r"^(?:sek|kr)", "", compact)
    compact = re.sub(r"[,.](?:00|-|–)$", "", compact)
    try:
        value = parse_number(compact, 0)
    except InputError as exc:
        raise InputError("large" if exc.reason == "large" else "format") from None
    return value


def parse_iso_date(text: str) -> datetime.date:
    """Read YYYY-MM-DD; raise InputError with reason "format" or "date"."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", without_invisible(text).strip())
    if match is None:
        raise InputError("format")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InputError("date") from None


def parse_coordinate(text: str) -> float:
    """Read a decimal degree ("57.7089" or "57,7089"); raise InputError("format")."""
    compact = _compact(text).replace("\u2212", "-").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]{1,3}(?:\.[0-9]{1,10})?", compact):
        raise InputError("format")
    return float(compact)


def today_in_sweden() -> datetime.date:
    """The date in Sweden, which "today" in a definition means."""
    return datetime.datetime.now(SWEDEN).date()


def date_limit(value) -> datetime.date | None:
    """Resolve a definition's ``min``/``max`` of a date: "today", an ISO date or None."""
    if value is None:
        return None
    if value == "today":
        return today_in_sweden()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


# --- Input fields -------------------------------------------------------------------------


class _ParsedField(StringField):
    """A text input whose data is the parsed value; what was typed is shown back."""

    def process_formdata(self, valuelist):
        """Parse what was typed; a parse error becomes this field's error."""
        if not valuelist:
            return
        self.data = None
        if is_blank(valuelist[0]):
            return
        try:
            self.data = self.parse(valuelist[0])
        except InputError as exc:
            raise ValueError(self.message(exc.reason)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.show(self.data)

    def parse(self, text):
        """The value typed; raise InputError when it cannot be read."""
        raise NotImplementedError

    def message(self, reason):
        """The message for an InputError's reason."""
        raise NotImplementedError

    def show(self, value) -> str:
        """How a stored value is written back into the input."""
        return str(value)


class NumberField(_ParsedField):
    """A number typed as text; data is an int (no decimals) or a Decimal."""

    def __init__(self, label=None, validators=None, decimals=0, decimal_comma=True, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal" if decimals else "numeric"})
        super().__init__(label, validators, **kwargs)
        self.decimals = decimals
        self.decimal_comma = decimal_comma

    def process_data(self, value):
        """Accept a stored answer: an int, or a decimal as text."""
        try:
            self.data = None if value in (None, "") else parse_number(str(value), self.decimals)
        except InputError:
            self.data = None

    def parse(self, text):
        return parse_number(text, self.decimals)

    def message(self, reason):
        label = self.label.text
        if reason == "whole":
            return lazy_message("“%(label)s”: enter a whole number, for example 12.", label=label)
        if reason == "decimals":
            return ngettext(
                "“%(label)s”: use at most %(num)d decimal.",
                "“%(label)s”: use at most %(num)d decimals.",
                self.decimals,
                label=label,
            )
        if reason == "large":
            return lazy_message("“%(label)s”: the number is too large.", label=label)
        if self.decimals:
            return lazy_message("“%(label)s”: enter a number, for example 12.5.", label=label)
        return lazy_message("“%(label)s”: enter a number, for example 12.", label=label)

    def show(self, value):
        text = str(value)
        return text.replace(".", ",") if self.decimal_comma else text


class AmountField(_ParsedField):
    """Whole kronor typed as text ("12 500 kr"); data is an int."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)

    def process_data(self, value):
        """Accept a stored answer, an int."""
        try:
            self.data = None if value in (None, "") else parse_amount(str(value))
        except InputError:
            self.data = None

    def parse(self, text):
        return parse_amount(text)

    def message(self, reason):
        label = self.label.text
        if reason == "large":
            return lazy_message("“%(label)s”: the amount is too large.", label=label)
        return lazy_message(
            "“%(label)s”: enter an amount in whole kronor, for example 12 500.", label=label
        )


class IsoDateField(DateField):
    """A date input (the browser's date picker) that reads YYYY-MM-DD with ASCII digits."""

    def process_formdata(self, valuelist):
        """Parse the date; a bad one becomes this field's error."""
        if not valuelist:
            return
        self.data = None
        if is_blank(valuelist[0]):
            return
        try:
            self.data = parse_iso_date(valuelist[0])
        except InputError as exc:
            label = self.label.text
            if exc.reason == "date":
                message = lazy_message(
                    "“%(label)s”: enter a date that exists, for example 2026-11-21.", label=label
                )
            else:
                message = lazy_message(
                    "“%(label)s”: enter the date as YYYY-MM-DD, for example 2026-11-21.",
                    label=label,
                )
            raise ValueError(message) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""


class _Checkbox(CheckboxInput):
    # A required group needs one box ticked, not every box: no `required` on each.
    def __call__(self, field, **kwargs):
        kwargs.setdefault("required", False)
        return super().__call__(field, **kwargs)


class CheckboxList(SelectMultipleField):
    """A group of checkboxes (the `field()` macro renders this type as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = _Checkbox()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)

    def process_data(self, value):
        """Accept a stored answer, a list of option values."""
        self.data = [str(item) for item in value] if isinstance(value, list | tuple) else []


class CoordinateField(StringField):
    """A hidden input that a map widget fills with a decimal degree."""

    widget = HiddenInput()


# --- Validators ---------------------------------------------------------------------------


class AnswerRequired(Required):
    """Required, judging emptiness by what was typed and ignoring invisible characters.

    Judging by what was typed means that "2026-13-45" gets the date's format message
    rather than "Fill in", and a lone zero-width space counts as nothing.
    """

    def __call__(self, form, field):
        if isinstance(field, BooleanField):
            empty = not field.data
        elif field.raw_data is None:
            empty = is_blank(field.data)
        else:
            empty = is_blank(field.raw_data)
        if empty:
            field.errors[:] = []
            raise StopValidation(self.message)


class AnswerOptional(Optional):
    """Optional, counting text with nothing visible in it as empty."""

    def __init__(self):
        super().__init__()
        self.string_check = lambda text: without_invisible(text).strip()

    def __call__(self, form, field):
        # Without formdata (re-checking stored answers) the data is what there is.
        if field.raw_data is None and not is_blank(field.data):
            return
        super().__call__(form, field)


class PlainText:
    """Refuse control characters, which nobody types and which corrupt stored text."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and _CONTROL.search(field.data):
            raise StopValidation(
                lazy_message(
                    "“%(label)s” contains characters that are not allowed.", label=field.label.text
                )
            )


class Length:
    """At least ``minimum`` and at most ``maximum`` characters."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, form, field):
        length = len(field.data or "")
        label = field.label.text
        if self.maximum is not None and length > self.maximum:
            raise StopValidation(
                ngettext(
                    "“%(label)s” can have at most %(num)d character.",
                    "“%(label)s” can have at most %(num)d characters.",
                    self.maximum,
                    label=label,
                )
            )
        if self.minimum is not None and 0 < length < self.minimum:
            raise StopValidation(
                ngettext(
                    "“%(label)s” needs at least %(num)d character.",
                    "“%(label)s” needs at least %(num)d characters.",
                    self.minimum,
                    label=label,
                )
            )


class Pattern:
    """The whole text matches the definition's regular expression."""

    def __init__(self, pattern: str, message: str | None = None):
        self.regex = re.compile(pattern)
        self.message = message

    def __call__(self, form, field):
        if field.data and not self.regex.fullmatch(field.data):
            raise ValidationError(
                self.message
                or lazy_message(
                    "The answer to “%(label)s” is not in the right format.",
                    label=field.label.text,
                )
            )


class PersonnummerAnswer:
    """A valid personnummer or samordningsnummer; spaces and invisible marks are ignored."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            personnummer.parse(_compact_pnr(field.data))
        except personnummer.InvalidPersonnummer as exc:
            raise ValidationError(PNR_MESSAGES[exc.reason]) from None


class OrganisationsnummerAnswer:
    """Ten digits, NNNNNN-NNNN, with a correct Luhn check digit."""

    def __call__(self, form, field):
        if not field.data:
            return
        compact = _compact(field.data)
        if not re.fullmatch(r"[0-9]{6}-?[0-9]{4}", compact):
            raise ValidationError(_l("Enter the organisation number as NNNNNN-NNNN."))
        if normalise_organisationsnummer(compact) is None:
            raise ValidationError(_l("The organisation number is not valid. Check the digits."))


class PostalCodeAnswer:
    """A Swedish postal code, five digits; invisible marks and spaces are ignored."""

    def __call__(self, form, field):
        if field.data and normalise_postal_code(field.data) is None:
            raise ValidationError(_l("Enter the postal code as five digits, for example 411 38."))


class DateRange:
    """The date is within the definition's ``min`` and ``max`` ("today" is Swedish time)."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, form, field):
        if field.data is None:
            return
        label = field.label.text
        earliest, latest = date_limit(self.minimum), date_limit(self.maximum)
        if earliest is not None and field.data < earliest:
            if self.minimum == "today":
                raise ValidationError(
                    lazy_message("“%(label)s”: the date cannot be in the past.", label=label)
                )
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: the date must be %(date)s or later.",
                    label=label,
                    date=format_date(earliest, "long"),
                )
            )
        if latest is not None and field.data > latest:
            if self.maximum == "today":
                raise ValidationError(
                    lazy_message("“%(label)s”: the date cannot be in the future.", label=label)
                )
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: the date must be %(date)s or earlier.",
                    label=label,
                    date=format_date(latest, "long"),
                )
            )


class NumberRange:
    """The number or amount is within the definition's ``min`` and ``max``."""

    def __init__(self, minimum=None, maximum=None, unit=""):
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit

    def _show(self, value):
        return f"{format_decimal(value)}{self.unit}"

    def __call__(self, form, field):
        if field.data is None:
            return
        label = field.label.text
        if self.minimum is not None and field.data < Decimal(str(self.minimum)):
            raise ValidationError(
                lazy_message(
                    "“%(label)s” must be at least %(min)s.",
                    label=label,
                    min=self._show(self.minimum),
                )
            )
        if self.maximum is not None and field.data > Decimal(str(self.maximum)):
            raise ValidationError(
                lazy_message(
                    "“%(label)s” can be at most %(max)s.",
                    label=label,
                    max=self._show(self.maximum),
                )
            )


class ChoiceAmong:
    """Every chosen value is one of the options: a forged value is an error, not a crash."""

    def __init__(self, values):
        self.values = frozenset(values)

    def __call__(self, form, field):
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in self.values for value in chosen if value not in (None, "")):
            raise StopValidation(
                lazy_message("Choose one of the options for “%(label)s”.", label=field.label.text)
            )


class ChoiceCount:
    """At least ``minimum`` and at most ``maximum`` boxes are ticked."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, form, field):
        count = len(set(field.data or ()))
        label = field.label.text
        if self.minimum is not None and count < self.minimum:
            raise ValidationError(
                ngettext(
                    "Choose at least %(num)d option for “%(label)s”.",
                    "Choose at least %(num)d options for “%(label)s”.",
                    self.minimum,
                    label=label,
                )
            )
        if self.maximum is not None and count > self.maximum:
            raise ValidationError(
                ngettext(
                    "Choose at most %(num)d option for “%(label)s”.",
                    "Choose at most %(num)d options for “%(label)s”.",
                    self.maximum,
                    label=label,
                )
            )


class PartOfGroup:
    """One input of a group (an address): empty is wrong when another input has a value."""

    def __init__(self, siblings, message):
        self.siblings = tuple(siblings)
        self.message = message

    def __call__(self, form, field):
        if is_blank(field.data) and any(not is_blank(form[name].data) for name in self.siblings):
            field.errors[:] = []
            raise StopValidation(self.message)


class Coordinate:
    """A latitude or longitude in Sweden, given together with the other one."""

    def __init__(self, other, bounds, label):
        self.other = other
        self.bounds = bounds
        self.label = label

    def __call__(self, form, field):
        given, other_given = not is_blank(field.data), not is_blank(form[self.other].data)
        if not given and not other_given:
            raise StopValidation()
        try:
            value = parse_coordinate(field.data or "")
        except InputError:
            raise StopValidation(
                lazy_message(
                    "“%(label)s”: the position on the map is not valid.", label=self.label
                )
            ) from None
        low, high = self.bounds
        if not low <= value <= high:
            raise StopValidation(
                lazy_message("“%(label)s”: the position must be in Sweden.", label=self.label)
            )
