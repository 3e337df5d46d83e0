"""The inputs of each field type: their names, labels, validators and messages.

A field is usually one input named by its id; an address is three inputs and a location a
description with two hidden coordinates. ``inputs_for(field, language)`` gives the unbound
WTForms fields for one definition field, labelled in ``language``.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.widgets import FileInput, HiddenInput

from eservices import parsers
from eservices.attachments import filetypes
from eservices.forms import AmountField, CheckboxList, IsoDateField, NumberField, choices
from eservices.i18n import lazy_message
from eservices.validators import (
    Choice,
    ChoiceCount,
    Coordinate,
    DateRange,
    EmailAddress,
    FileCount,
    Length,
    NumberRange,
    Optional,
    Organisationsnummer,
    PartOfGroup,
    Pattern,
    Personnummer,
    PhoneNumber,
    PlainText,
    PostalCode,
    Required,
)

NOT_IN_FORM = ("info",)
ADDRESS_PARTS = ("street", "postal_code", "city")
LOCATION_PARTS = ("description", "lat", "lng")

_STREET = _l("Street address")
_POSTAL_CODE = _l("Postal code")
_CITY = _l("Town or city")
_PLACE = _l("Describe the place")
_PLACE_HINT = _l("For example a street address or the nearest junction.")
_LATITUDE = _l("Latitude")
_LONGITUDE = _l("Longitude")
_CHOOSE = _l("Choose …")


def subfield_names(field) -> tuple[str, ...]:
    """The inputs a resident fills in for ``field``, to render with the ``field()`` macro.

    Usually just the field's id; an address has "<id>__street", "<id>__postal_code" and
    "<id>__city", a location "<id>__description". Info fields have none.
    """
    if field.type in NOT_IN_FORM:
        return ()
    if field.type == "address":
        return tuple(f"{field.id}__{part}" for part in ADDRESS_PARTS)
    if field.type == "location":
        return (f"{field.id}__description",)
    return (field.id,)


def hidden_input_names(field) -> tuple[str, ...]:
    """Hidden inputs that a script fills in: a location's "<id>__lat" and "<id>__lng".

    Render them bare (``form[name]()``); without the script they are simply not sent.
    """
    if field.type == "location":
        return (f"{field.id}__lat", f"{field.id}__lng")
    return ()


def input_names(field) -> tuple[str, ...]:
    """Every input of ``field``: those a resident fills in, then the hidden ones."""
    return subfield_names(field) + hidden_input_names(field)


def _in_language(language, lazy_text):
    with force_locale("en" if language == "en" else "sv"):
        return str(lazy_text)


def inputs_for(field, language):
    """The unbound WTForms fields for one definition field, by input name."""
    kind = field.type
    if kind in NOT_IN_FORM:
        return {}
    label = field.label.get(language) if field.label else field.id
    hint = field.hint.get(language) if field.hint else ""
    if kind == "address":
        return _address_inputs(field, label, language)
    if kind == "location":
        return _location_inputs(field, label, language)
    builder = _BUILDERS[kind]
    return {field.id: builder(field, label, hint, language)}


def _presence(field, message):
    return Required(message) if field.required else Optional()


def _fill_in(field, label):
    return _presence(field, lazy_message("Fill in “%(label)s”.", label=label))


def _autocomplete(field):
    value = {"name": "name", "email": "email", "phone": "tel"}.get(field.prefill)
    return {"autocomplete": value} if value else None


def _text(field, label, hint, language):
    validators = [_fill_in(field, label), PlainText(), Length(field.min_length, field.max_length)]
    if field.pattern:
        message = field.pattern_message.get(language) if field.pattern_message else None
        validators.append(Pattern(field.pattern, message))
    return StringField(
        label, validators=validators, description=hint, render_kw=_autocomplete(field)
    )


def _unix_newlines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _textarea(field, label, hint, language):
    length = Length(field.min_length, field.max_length)
    return TextAreaField(
        label,
        validators=[_fill_in(field, label), PlainText(), length],
        description=hint,
        filters=[_unix_newlines],
    )


# Codes and contact details: one input, a length that no right answer exceeds, one check.
_NO_SUGGESTIONS = {"autocomplete": "off", "spellcheck": "false"}
_CODED = {
    "email": (EmailField, 320, EmailAddress, {"autocomplete": "email", "spellcheck": "false"}),
    "phone": (TelField, 40, PhoneNumber, {"autocomplete": "tel"}),
    "personnummer": (StringField, 40, Personnummer, _NO_SUGGESTIONS),
    "organisationsnummer": (StringField, 40, Organisationsnummer, {"spellcheck": "false"}),
    "postal_code": (
        StringField, 20, PostalCode, {"autocomplete": "postal-code", "inputmode": "numeric"}
    ),
}  # fmt: skip


def _coded(field, label, hint, language):
    input_class, maximum, check, render_kw = _CODED[field.type]
    return input_class(
        label,
        validators=[_fill_in(field, label), Length(maximum=maximum), check()],
        description=hint,
        render_kw=render_kw,
    )


def _date(field, label, hint, language):
    render_kw = {}
    for key in ("min", "max"):
        limit = parsers.date_limit(getattr(field, key))
        if limit is not None:
            render_kw[key] = limit.isoformat()
    return IsoDateField(
        label,
        validators=[_fill_in(field, label), DateRange(field.min, field.max)],
        description=hint,
        render_kw=render_kw or None,
    )


def _number(field, label, hint, language):
    return NumberField(
        label,
        validators=[_fill_in(field, label), NumberRange(field.min, field.max)],
        description=hint,
        decimals=field.decimals or 0,
        decimal_comma=language != "en",
    )


def _amount(field, label, hint, language):
    return AmountField(
        label,
        validators=[_fill_in(field, label), NumberRange(field.min, field.max, unit="\u00a0kr")],
        description=hint,
    )


def _option_choices(field, language):
    return [(option.value, option.label.get(language)) for option in field.options]


def _choose(field, label):
    return _presence(field, lazy_message("Choose an answer to “%(label)s”.", label=label))


def _radio(field, label, hint, language):
    return RadioField(
        label,
        validators=[_choose(field, label), Choice(field.option_values)],
        description=hint,
        choices=choices(_option_choices(field, language)),
        validate_choice=False,
    )


def _select(field, label, hint, language):
    # The empty first choice keeps a required select from answering itself.
    first = [("", _in_language(language, _CHOOSE))]
    return SelectField(
        label,
        validators=[_choose(field, label), Choice(field.option_values)],
        description=hint,
        choices=choices(first + _option_choices(field, language)),
        validate_choice=False,
    )


def _checkboxes(field, label, hint, language):
    message = lazy_message("Choose at least one option for “%(label)s”.", label=label)
    return CheckboxList(
        label,
        validators=[
            _presence(field, message),
            Choice(field.option_values),
            ChoiceCount(field.min_choices, field.max_choices),
        ],
        description=hint,
        choices=choices(_option_choices(field, language)),
    )


def _file(field, label, hint, language):
    presence = _presence(field, lazy_message("Attach a file for “%(label)s”.", label=label))
    return AttachmentsField(
        label,
        validators=[presence, FileCount(field.max_files)],
        description=hint,
        # One file asked for: one file picked, and the button says "a file".
        render_kw={
            "accept": filetypes.accept_attribute(field.accept),
            "multiple": field.max_files > 1,
        },
    )


def _consent(field, label, hint, language):
    message = _l("You must confirm to be able to send.")
    return BooleanField(label, validators=[Required(message)], description=hint)


_BUILDERS = {
    "text": _text,
    "textarea": _textarea,
    **dict.fromkeys(_CODED, _coded),
    "date": _date,
    "number": _number,
    "amount": _amount,
    "radio": _radio,
    "yes_no": _radio,
    "select": _select,
    "checkboxes": _checkboxes,
    "consent": _consent,
    "file": _file,
}


def _address_inputs(field, label, language):
    street, postal_code, city = names = subfield_names(field)
    messages = {
        street: lazy_message("Fill in the street address for “%(label)s”.", label=label),
        postal_code: lazy_message("Fill in the postal code for “%(label)s”.", label=label),
        city: lazy_message("Fill in the town or city for “%(label)s”.", label=label),
    }

    def presence(name):
        # An optional address is still all or nothing.
        siblings = [other for other in names if other != name]
        return [PartOfGroup(siblings, messages[name]), _presence(field, messages[name])]

    return {
        street: StringField(
            _in_language(language, _STREET),
            validators=[*presence(street), PlainText(), Length(maximum=200)],
            render_kw={"autocomplete": "address-line1"},
        ),
        postal_code: StringField(
            _in_language(language, _POSTAL_CODE),
            validators=[*presence(postal_code), Length(maximum=20), PostalCode()],
            render_kw={"autocomplete": "postal-code", "inputmode": "numeric"},
        ),
        city: StringField(
            _in_language(language, _CITY),
            validators=[*presence(city), PlainText(), Length(maximum=100)],
            render_kw={"autocomplete": "address-level2"},
        ),
    }


def _location_inputs(field, label, language):
    description, lat, lng = input_names(field)
    message = lazy_message("Describe the place for “%(label)s”.", label=label)
    return {
        description: TextAreaField(
            _in_language(language, _PLACE),
            validators=[_presence(field, message), PlainText(), Length(maximum=1000)],
            description=_in_language(language, _PLACE_HINT),
            filters=[_unix_newlines],
        ),
        lat: CoordinateField(
            _in_language(language, _LATITUDE),
            validators=[Coordinate(lng, parsers.LATITUDES, label)],
        ),
        lng: CoordinateField(
            _in_language(language, _LONGITUDE),
            validators=[Coordinate(lat, parsers.LONGITUDES, label)],
        ),
    }


class CoordinateField(StringField):
    """A hidden input that a map widget fills with a decimal degree."""

    widget = HiddenInput()


class AttachmentsField(MultipleFileField):
    """A file input whose value is the list of uploaded files' ids; ``multiple`` when the
    field takes more than one (render_kw).

    Files are received and stored before the form is validated (see
    ``services.receive_uploads``), so what was uploaded is kept even when another answer
    on the step is wrong; the form only checks how many there are.
    """

    widget = FileInput()

    def process_formdata(self, valuelist):
        """Ignore the raw upload: the form engine sets ``data`` to the stored files."""
        # Nothing is typed here: Required and Optional judge the stored files instead.
        self.raw_data = None

    def _value(self):
        return ""
