"""The project's base form and the inputs that any form may use.

Validators are in ``eservices.validators``. The typed inputs here (numbers, amounts, dates)
read what was typed with ``eservices.parsers`` and show it back unchanged when it is
wrong, so that it can be corrected.
"""

import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, SelectChoice, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, DateInput, ListWidget

from eservices import parsers
from eservices.i18n import lazy_message


def _strip(value):
    # NUL never comes from a keyboard and PostgreSQL refuses it in text: drop it here.
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: CSRF on, surrounding whitespace stripped from every text value."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Add the strip filter to every field."""
            filters = list(unbound_field.kwargs.get("filters", ()))
            # A password is exactly what was typed, spaces included.
            if unbound_field.field_class is not PasswordField:
                filters.insert(0, _strip)
            return unbound_field.bind(form=form, filters=filters, **options)


def choices(pairs):
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class _Checkbox(CheckboxInput):
    # A required group needs one box ticked, not every box: no `required` on each.
    def __call__(self, field, **kwargs):
        kwargs.setdefault("required", False)
        return super().__call__(field, **kwargs)


class CheckboxList(SelectMultipleField):
    """A group of checkboxes, accessible without JavaScript, unlike a multi-select.

    The `field()` macro renders it as a fieldset. Give it ``validators.Choice()``: values
    that are not among the choices are refused there, with a message naming the field.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = _Checkbox()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, validate_choice=False, **kwargs)

    def process_data(self, value):
        """Accept stored values, a list; anything else (objects of a model) is no choice.

        A view that fills the form from a model sets the data itself, as ids.
        """
        try:
            items = value if isinstance(value, list | tuple) else ()
            self.data = [self.coerce(item) for item in items]
        except (TypeError, ValueError):
            self.data = []


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


class DateInputField(Field):
    """A date typed in three boxes, day, month and year: GOV.UK's date input.

    The browser's date picker writes the date in the browser's language and format, not the
    page's; three labelled boxes read the same in every browser. The boxes are named
    ``<name>-day``, ``<name>-month`` and ``<name>-year``, and the `field()` macro renders
    them as a fieldset. What was typed is shown back, and the boxes at fault are marked.
    """

    PARTS = parsers.DATE_PARTS
    LABELS = {"day": _l("Day"), "month": _l("Month"), "year": _l("Year")}

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", _l("For example 27 3 2026"))
        super().__init__(label, validators, **kwargs)
        self.typed = dict.fromkeys(self.PARTS, "")
        self.wrong_parts = ()

    def process(self, formdata, data=None, extra_filters=None):
        """Read the three boxes; a date that cannot be read becomes this field's error."""
        self.process_errors = []
        self.data = data if isinstance(data, datetime.date) else None
        if self.data is not None:
            self.typed = {"day": str(data.day), "month": str(data.month), "year": str(data.year)}
        self.raw_data = None
        if formdata is None:
            return
        self.typed = {part: formdata.get(f"{self.name}-{part}", "") for part in self.PARTS}
        given = [text for text in self.typed.values() if not parsers.is_blank(text)]
        # What the presence validators (Required, Optional) judge: nothing typed is blank.
        self.raw_data = given
        self.data = None
        if not given:
            return
        try:
            self.data = parsers.parse_date_parts(*self.typed.values())
        except parsers.InputError as exc:
            self.wrong_parts = self._wrong_parts(exc.reason)
            self.process_errors.append(self.message(exc.reason))

    def _wrong_parts(self, reason):
        if reason == "missing":
            return tuple(part for part in self.PARTS if parsers.is_blank(self.typed[part]))
        if reason.startswith("missing:"):
            return (reason.partition(":")[2],)
        if reason == "year":
            return ("year",)
        return self.PARTS

    def message(self, reason):
        """The message for an InputError's reason."""
        label = self.label.text
        if reason.startswith("missing:"):
            part = str(self.LABELS[reason.partition(":")[2]]).lower()
            return lazy_message(
                "“%(label)s”: the date must include a %(part)s.", label=label, part=part
            )
        if reason == "missing":
            return lazy_message(
                "“%(label)s”: enter the day, month and year, for example 27 3 2026.", label=label
            )
        if reason == "year":
            return lazy_message(
                "“%(label)s”: write the year with four digits, for example 2026.", label=label
            )
        return lazy_message(
            "“%(label)s”: enter a date that exists, for example 27 3 2026.", label=label
        )

    def query(self):
        """The boxes as URL parameters, for links that keep the date (a list's pages)."""
        if self.data is None:
            return {}
        return {f"{self.name}-{part}": self.typed[part] for part in self.PARTS}

    def boxes(self):
        """(part, its id and name, its label, what is in it, whether it is at fault)."""
        return [
            (
                part,
                f"{self.name}-{part}",
                self.LABELS[part],
                self.typed[part],
                part in self.wrong_parts,
            )
            for part in self.PARTS
        ]
