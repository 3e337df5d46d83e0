"""The inputs of a step that WTForms lacks: typed numbers, amounts, dates, map positions, files.

Each reads what was typed with ``eservices.parsers`` and shows it back unchanged when it
is wrong, so the resident can correct it.
"""

from __future__ import annotations

from flask_babel import ngettext
from wtforms import MultipleFileField, StringField
from wtforms.widgets import DateInput, HiddenInput

from eservices import parsers
from eservices.i18n import lazy_message


class _ParsedField(StringField):
    """A text input whose data is the parsed value; what was typed is shown back."""

    def process_formdata(self, valuelist):
        """Parse what was typed; a parse error becomes this field's error."""
        if not valuelist:
            return
        self.data = None
        if parsers.is_blank(valuelist[0]):
            return
        try:
            self.data = self.parse(valuelist[0])
        except parsers.InputError as exc:
            raise ValueError(self.message(exc.reason)) from None

    def process_data(self, value):
        """Accept a stored answer."""
        try:
            self.data = None if value in (None, "") else self.parse(str(value))
        except parsers.InputError:
            self.data = None

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

    def parse(self, text):
        return parsers.parse_number(text, self.decimals)

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

    def parse(self, text):
        return parsers.parse_amount(text)

    def message(self, reason):
        label = self.label.text
        if reason == "large":
            return lazy_message("“%(label)s”: the amount is too large.", label=label)
        return lazy_message(
            "“%(label)s”: enter an amount in whole kronor, for example 12 500.", label=label
        )


class IsoDateField(_ParsedField):
    """A date input (the browser's date picker) that reads YYYY-MM-DD with ASCII digits."""

    widget = DateInput()

    def parse(self, text):
        return parsers.parse_iso_date(text)

    def message(self, reason):
        label = self.label.text
        if reason == "date":
            return lazy_message(
                "“%(label)s”: enter a date that exists, for example 2026-11-21.", label=label
            )
        return lazy_message(
            "“%(label)s”: enter the date as YYYY-MM-DD, for example 2026-11-21.", label=label
        )

    def show(self, value):
        return value.isoformat()


class CoordinateField(StringField):
    """A hidden input that a map widget fills with a decimal degree."""

    widget = HiddenInput()


class AttachmentsField(MultipleFileField):
    """A ``<input type=file multiple>`` whose value is the list of uploaded files' ids.

    Files are received and stored before the form is validated (see
    ``services.receive_uploads``), so what was uploaded is kept even when another answer
    on the step is wrong; the form only checks how many there are.
    """

    def process_formdata(self, valuelist):
        """Ignore the raw upload: the form engine sets ``data`` to the stored files."""
        # Nothing is typed here: Required and Optional judge the stored files instead.
        self.raw_data = None

    def _value(self):
        return ""
