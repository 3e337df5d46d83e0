"""The form engine: a WTForms form for one step of an e-service, and its typed answers.

- ``visible_fields(step, answers)``: the fields of a step shown given the answers so far.
- ``build_form(step, language=..., data=..., formdata=...)``: the step as a form. Its field
  names are the definition's field ids; an address or a location is several inputs, named
  by ``subfield_names(field)`` and ``hidden_input_names(field)``. Info fields are not in
  the form; a file field's value is the list of files already uploaded (by public id).
- ``answers_from_form(step, form, previous_answers)``: the step's answers, typed and ready
  for JSON, without the answers of hidden fields.
- ``display_value(field, value, language)``: an answer as text for people to read.
- ``prefill(service, user)``: answers taken from the resident's profile.
"""

from __future__ import annotations

import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)

from eservices import parsers
from eservices.accounts.services import reveal_personnummer
from eservices.attachments import filetypes
from eservices.forms import BaseForm, CheckboxList, choices
from eservices.i18n import lazy_message
from eservices.submissions.display import display_value
from eservices.submissions.inputs import (
    AmountField,
    AttachmentsField,
    CoordinateField,
    IsoDateField,
    NumberField,
)
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

__all__ = [
    "answers_from_form", "build_form", "display_value", "hidden_input_names", "prefill",
    "subfield_names", "visible_fields",
]  # fmt: skip

# Fields that are in a step but not in its form: info has no answer.
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


def _input_names(field):
    return subfield_names(field) + hidden_input_names(field)


def visible_fields(step, answers) -> list:
    """The step's fields whose visible_if holds for ``answers``; info fields included.

    A field hidden by its condition does not count as answered, so a field that depends
    on it is hidden too.
    """
    known = dict(answers or {})
    shown = []
    for field in step.fields:
        if field.visible_if is None or field.visible_if.matches(known):
            shown.append(field)
        else:
            known.pop(field.id, None)
    return shown


def build_form(step, *, language, data=None, formdata=None) -> BaseForm:
    """A form for one step, labelled in ``language``.

    ``data`` holds the answers so far (typed, as from answers_from_form; other steps'
    answers may be included, and decide visible_if) and fills in the inputs when
    ``formdata`` (request.form on POST) is None. A field hidden by its visible_if is in
    the form but not validated.
    """
    form_class = _form_class(step, language)
    context = dict(data or {})
    if formdata is None:
        initial = {
            form_class._attribute_of.get(name, name): value
            for name, value in _initial_data(step, context).items()
        }
        # Without formdata nothing is being submitted, so there is no token to check:
        # validating such a form re-checks stored answers.
        form = form_class(formdata=None, data=initial, meta={"csrf": False})
    else:
        form = form_class(formdata=formdata)
    # Files are not typed into the form: they are the ones already uploaded.
    for field in step.fields:
        if field.type == "file":
            form[field.id].data = list(context.get(field.id) or ())
    form._context = context
    return form


def answers_from_form(step, form, previous_answers) -> dict:
    """The typed answers to the step's visible fields; empty answers are left out.

    ``previous_answers`` are the answers of the other steps, for conditions that refer to
    them. Call it on a validated form: input that does not parse is left out.
    """
    return _walk(step, form, previous_answers)[1]


def prefill(service, user) -> dict:
    """Answers from a resident's profile for the fields marked ``prefill``; else {}."""
    if user is None or not getattr(user, "is_resident", False):
        return {}
    sources = {
        "name": lambda: user.full_name,
        "email": lambda: user.email,
        "phone": lambda: user.phone,
        "address": lambda: _profile_address(user),
        "personnummer": lambda: _profile_personnummer(user),
    }
    answers = {}
    for field in service.fields():
        source = sources.get(field.prefill)
        value = source() if source else None
        if not parsers.is_blank(value):
            answers[field.id] = value
    return answers


# --- The form class -----------------------------------------------------------------------


class StepForm(BaseForm):
    """One step of an e-service; made by build_form, which sets the attributes below."""

    _step = None
    _context: dict = {}
    # A field id that is also the name of a form attribute ("data", "errors", "validate")
    # is bound under another attribute; its input keeps the id as its name.
    _attribute_of: dict = {}
    _name_of: dict = {}

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Give a renamed field its id back as its input name."""
            name = form._name_of.get(options["name"], options["name"])
            return super().bind_field(form, unbound_field, dict(options, name=name))

    def __getitem__(self, name):
        return super().__getitem__(self._attribute_of.get(name, name))

    def __contains__(self, name):
        return super().__contains__(self._attribute_of.get(name, name))

    def validate(self, extra_validators=None):
        """Validate the inputs of the fields shown; clear the errors of hidden ones."""
        shown_fields = _walk(self._step, self, self._context)[0]
        shown = {name for field in shown_fields for name in _input_names(field)}
        in_step = {name for field in self._step.fields for name in _input_names(field)}
        success = True
        for attribute, field in self._fields.items():
            if field.name in in_step and field.name not in shown:
                field.errors = []
                continue
            extra = (extra_validators or {}).get(attribute, ())
            if not field.validate(self, extra):
                success = False
        return success


def _form_class(step, language):
    inputs = {}
    for field in step.fields:
        inputs.update(_inputs(field, language))
    reserved = {*dir(StepForm), "csrf_token", "meta", "form_errors"}
    taken = set(inputs)
    attribute_of = {}
    for name in inputs:
        if name in reserved:
            attribute = f"{name}_"
            while attribute in reserved or attribute in taken:
                attribute = f"{attribute}_"
            attribute_of[name] = attribute
            taken.add(attribute)
    attributes = {attribute_of.get(name, name): unbound for name, unbound in inputs.items()}
    attributes.update(
        _step=step,
        _attribute_of=attribute_of,
        _name_of={attribute: name for name, attribute in attribute_of.items()},
    )
    return type(f"StepForm_{step.id}", (StepForm,), attributes)


def _in_language(language, lazy_text):
    with force_locale("en" if language == "en" else "sv"):
        return str(lazy_text)


def _inputs(field, language):
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


def _email(field, label, hint, language):
    return EmailField(
        label,
        validators=[_fill_in(field, label), Length(maximum=320), EmailAddress()],
        description=hint,
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _phone(field, label, hint, language):
    return TelField(
        label,
        validators=[_fill_in(field, label), Length(maximum=40), PhoneNumber()],
        description=hint,
        render_kw={"autocomplete": "tel"},
    )


def _personnummer(field, label, hint, language):
    return StringField(
        label,
        validators=[_fill_in(field, label), Length(maximum=40), Personnummer()],
        description=hint,
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


def _organisationsnummer(field, label, hint, language):
    return StringField(
        label,
        validators=[_fill_in(field, label), Length(maximum=40), Organisationsnummer()],
        description=hint,
        render_kw={"spellcheck": "false"},
    )


def _postal_code(field, label, hint, language):
    return StringField(
        label,
        validators=[_fill_in(field, label), Length(maximum=20), PostalCode()],
        description=hint,
        render_kw={"autocomplete": "postal-code", "inputmode": "numeric"},
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
        render_kw={"accept": filetypes.accept_attribute(field.accept), "multiple": True},
    )


def _consent(field, label, hint, language):
    message = _l("You must confirm to be able to send.")
    return BooleanField(label, validators=[Required(message)], description=hint)


_BUILDERS = {
    "text": _text,
    "textarea": _textarea,
    "email": _email,
    "phone": _phone,
    "personnummer": _personnummer,
    "organisationsnummer": _organisationsnummer,
    "postal_code": _postal_code,
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
            render_kw={"autocomplete": "street-address"},
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
    description, lat, lng = _input_names(field)
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


# --- Answers ------------------------------------------------------------------------------


def _walk(step, form, previous):
    """The fields shown, and the answers to them, reading the form in field order."""
    in_form = {field.id for field in step.fields if field.type not in NOT_IN_FORM}
    known = {key: value for key, value in (previous or {}).items() if key not in in_form}
    shown, answers = [], {}
    for field in step.fields:
        if field.visible_if is not None and not field.visible_if.matches(known):
            known.pop(field.id, None)
            continue
        shown.append(field)
        if field.id not in in_form:
            continue
        value = _answer(field, form)
        if value is not None:
            known[field.id] = answers[field.id] = value
    return shown, answers


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
    description, lat, lng = (form[name].data or "" for name in _input_names(field))
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


def _initial_data(step, answers):
    """Stored answers as the form's inputs expect them, by input name."""
    initial = {}
    for field in step.fields:
        value = answers.get(field.id)
        if value is None or field.type in NOT_IN_FORM:
            continue
        names = _input_names(field)
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


def _profile_address(user):
    if parsers.is_blank(user.street_address):
        return None
    return {
        "street": user.street_address,
        "postal_code": user.postal_code or "",
        "city": user.city or "",
    }


def _profile_personnummer(user):
    revealed = reveal_personnummer(user)
    return parsers.normalise_personnummer(revealed) if revealed else None
