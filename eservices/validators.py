"""The validators of every form: one per job, each message naming its field.

Labels are often questions ("Vad gäller felet?"), so messages quote the label rather than
build a sentence around it: "“Postnummer”: ange fem siffror, till exempel 411 38."
Reading the typed text is left to ``eservices.parsers``; these only decide and word.
They are kept in one module on purpose, longer than most, so that a new form finds the
check it needs here rather than writing a second one.
"""

import re
from decimal import Decimal

from flask_babel import format_date, format_decimal, ngettext
from wtforms import BooleanField
from wtforms.validators import Optional as _Optional
from wtforms.validators import StopValidation, ValidationError

from eservices import parsers
from eservices.i18n import lazy_message


def _label(field):
    return field.label.text


def _lower(text):
    text = str(text)
    return text[:1].lower() + text[1:]


def _is_empty(field):
    # Judged by what was typed, so that "2026-13-45" gets the date's format message rather
    # than "Fill in", and a lone zero-width space counts as nothing. Without formdata (stored
    # answers checked again, or files already uploaded) the data is what there is.
    if isinstance(field, BooleanField):
        return not field.data
    if field.raw_data is None:
        return parsers.is_blank(field.data)
    return parsers.is_blank(field.raw_data)


# --- Presence -----------------------------------------------------------------------------


class Required:
    """Something must be given: typed text, a choice, a ticked box or an uploaded file."""

    def __init__(self, message=None):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if _is_empty(field):
            field.errors[:] = []
            raise StopValidation(
                self.message or lazy_message("Enter %(label)s.", label=_lower(_label(field)))
            )


class Optional(_Optional):
    """Nothing given is fine, and the other checks are skipped; invisible text is nothing."""

    def __init__(self):
        super().__init__()
        self.string_check = lambda text: parsers.without_invisible(text).strip()

    def __call__(self, form, field):
        if field.raw_data is None and not parsers.is_blank(field.data):
            return
        super().__call__(form, field)


class PartOfGroup:
    """One input of a group (an address): empty is wrong when another input has a value."""

    def __init__(self, siblings, message):
        self.siblings = tuple(siblings)
        self.message = message

    def __call__(self, form, field):
        filled = any(not parsers.is_blank(form[name].data) for name in self.siblings)
        if parsers.is_blank(field.data) and filled:
            field.errors[:] = []
            raise StopValidation(self.message)


# --- Text ---------------------------------------------------------------------------------


class Length:
    """At least ``minimum`` and at most ``maximum`` characters."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, form, field):
        length = len(field.data or "")
        if self.maximum is not None and length > self.maximum:
            raise StopValidation(
                ngettext(
                    "“%(label)s” can have at most %(num)d character.",
                    "“%(label)s” can have at most %(num)d characters.",
                    self.maximum,
                    label=_label(field),
                )
            )
        if self.minimum is not None and 0 < length < self.minimum:
            raise StopValidation(
                ngettext(
                    "“%(label)s” needs at least %(num)d character.",
                    "“%(label)s” needs at least %(num)d characters.",
                    self.minimum,
                    label=_label(field),
                )
            )


class PlainText:
    """Refuse control characters, which nobody types and which corrupt stored text."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and parsers.has_control_characters(field.data):
            raise StopValidation(
                lazy_message(
                    "“%(label)s” contains characters that are not allowed.", label=_label(field)
                )
            )


class Pattern:
    """The whole text matches a regular expression; ``message`` says what is expected."""

    def __init__(self, pattern: str, message: str | None = None):
        self.regex = re.compile(pattern)
        self.message = message

    def __call__(self, form, field):
        if not field.data or self.regex.fullmatch(field.data):
            return
        if self.message:
            raise ValidationError(
                lazy_message("“%(label)s”: %(message)s", label=_label(field), message=self.message)
            )
        raise ValidationError(
            lazy_message(
                "The answer to “%(label)s” is not in the right format.", label=_label(field)
            )
        )


class Slug:
    """Lower-case letters, digits and single hyphens: used in addresses and routing rules."""

    def __call__(self, form, field):
        if field.data and not parsers.SLUG.fullmatch(field.data):
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: use lower-case letters a–z, digits and hyphens, "
                    "for example park-och-natur.",
                    label=_label(field),
                )
            )


# --- Contact details ----------------------------------------------------------------------


class EmailAddress:
    """An e-mail address written with a–z, which every mail server accepts.

    Addresses with å, ä, ö (or any letter outside a–z, even in the domain) are refused:
    servers without SMTPUTF8 turn them away for ever (docs/forms.md). The log-in form
    passes ``reachable=False``, so that staff given such an address before still log in.
    """

    def __init__(self, reachable=True):
        self.reachable = reachable

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            parsers.check_email_address(field.data, reachable=self.reachable)
        except parsers.InputError as exc:
            if exc.reason == "ascii":
                raise ValidationError(
                    lazy_message(
                        "“%(label)s”: we cannot send e-mail to an address with å, ä, ö or "
                        "other letters outside a–z. Enter another address.",
                        label=_label(field),
                    )
                ) from None
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: enter an e-mail address, for example namn@example.se.",
                    label=_label(field),
                )
            ) from None


class PhoneNumber:
    """A Swedish or international phone number: digits, spaces, +, - and parentheses."""

    def __call__(self, form, field):
        if field.data and not parsers.is_phone_number(field.data):
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: enter a phone number, for example 070-123 45 67.",
                    label=_label(field),
                )
            )


class PostalCode:
    """A Swedish postal code, five digits; spaces and invisible marks are ignored.

    The data becomes "NNN NN", the one way it is stored.
    """

    def __call__(self, form, field):
        if not field.data:
            return
        normalised = parsers.normalise_postal_code(field.data)
        if normalised is None:
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: enter five digits, for example 411 38.", label=_label(field)
                )
            )
        field.data = normalised


# --- Swedish numbers ----------------------------------------------------------------------


class Personnummer:
    """A valid personnummer or samordningsnummer; spaces and invisible marks are ignored.

    The parsed number is left on the field as ``field.parsed``.
    """

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.parsed = parsers.parse_personnummer(parsers.typed_personnummer(field.data))
        except parsers.InvalidPersonnummer as exc:
            raise ValidationError(_personnummer_message(exc.reason, _label(field))) from None


def _personnummer_message(reason, label):
    if reason == "date":
        return lazy_message(
            "“%(label)s”: the number does not contain a real date of birth.", label=label
        )
    if reason == "checksum":
        return lazy_message(
            "“%(label)s”: the number is not valid. Check the last four digits.", label=label
        )
    return lazy_message("“%(label)s”: enter the number as YYYYMMDD-NNNN.", label=label)


class Organisationsnummer:
    """Ten digits, NNNNNN-NNNN, with a correct Luhn check digit."""

    def __call__(self, form, field):
        if not field.data:
            return
        if not re.fullmatch(r"[0-9]{6}-?[0-9]{4}", parsers.compact(field.data)):
            raise ValidationError(
                lazy_message("“%(label)s”: enter the number as NNNNNN-NNNN.", label=_label(field))
            )
        if parsers.normalise_organisationsnummer(field.data) is None:
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: the number is not valid. Check the digits.", label=_label(field)
                )
            )


# --- Numbers and dates --------------------------------------------------------------------


class NumberRange:
    """The number or amount is at least ``minimum`` and at most ``maximum``."""

    def __init__(self, minimum=None, maximum=None, unit=""):
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit

    def _show(self, value):
        return f"{format_decimal(value)}{self.unit}"

    def __call__(self, form, field):
        if field.data is None:
            return
        if self.minimum is not None and field.data < Decimal(str(self.minimum)):
            raise ValidationError(
                lazy_message(
                    "“%(label)s” must be at least %(min)s.",
                    label=_label(field),
                    min=self._show(self.minimum),
                )
            )
        if self.maximum is not None and field.data > Decimal(str(self.maximum)):
            raise ValidationError(
                lazy_message(
                    "“%(label)s” can be at most %(max)s.",
                    label=_label(field),
                    max=self._show(self.maximum),
                )
            )


class DateRange:
    """The date is within ``minimum`` and ``maximum``: a date, "today" (in Sweden) or None."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, form, field):
        if field.data is None:
            return
        label = _label(field)
        earliest, latest = parsers.date_limit(self.minimum), parsers.date_limit(self.maximum)
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


class Month:
    """A year and a month written as 2026-03."""

    def __call__(self, form, field):
        if field.data and parsers.parse_month(field.data) is None:
            raise ValidationError(
                lazy_message(
                    "“%(label)s”: enter a year and a month, for example 2026-03.",
                    label=_label(field),
                )
            )


class Coordinate:
    """A latitude or longitude in Sweden, given together with the other one (``other``).

    ``label`` is the location's, whose two hidden inputs these are.
    """

    def __init__(self, other, bounds, label):
        self.other = other
        self.bounds = bounds
        self.label = label

    def __call__(self, form, field):
        given = not parsers.is_blank(field.data)
        if not given and parsers.is_blank(form[self.other].data):
            raise StopValidation()
        try:
            value = parsers.parse_coordinate(field.data or "")
        except parsers.InputError:
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


# --- Choices and files --------------------------------------------------------------------


class Choice:
    """Every chosen value is one of the options: a forged value is an error, not a crash.

    The options are ``values`` or, when None, the field's choices as the view set them.
    """

    def __init__(self, values=None):
        self.values = None if values is None else frozenset(str(value) for value in values)

    def __call__(self, form, field):
        allowed = self.values
        if allowed is None:
            allowed = {str(choice.value) for choice in field.iter_choices()}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(str(value) not in allowed for value in chosen if value not in (None, "")):
            raise StopValidation(
                lazy_message("Choose one of the options for “%(label)s”.", label=_label(field))
            )


class ChoiceCount:
    """At least ``minimum`` and at most ``maximum`` boxes are ticked."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, form, field):
        count = len(set(field.data or ()))
        if self.minimum is not None and count < self.minimum:
            raise ValidationError(
                ngettext(
                    "Choose at least %(num)d option for “%(label)s”.",
                    "Choose at least %(num)d options for “%(label)s”.",
                    self.minimum,
                    label=_label(field),
                )
            )
        if self.maximum is not None and count > self.maximum:
            raise ValidationError(
                ngettext(
                    "Choose at most %(num)d option for “%(label)s”.",
                    "Choose at most %(num)d options for “%(label)s”.",
                    self.maximum,
                    label=_label(field),
                )
            )


class FileCount:
    """No more files than the field allows."""

    def __init__(self, maximum):
        self.maximum = maximum

    def __call__(self, form, field):
        if len(field.data or ()) > self.maximum:
            raise StopValidation(
                lazy_message(
                    "You can attach at most %(count)d files to “%(label)s”.",
                    count=self.maximum,
                    label=_label(field),
                )
            )
