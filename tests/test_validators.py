"""Every validator words its refusal around the field's own label, in the page's language."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, IntegerField, SelectField, StringField

from eservices import validators
from eservices.forms import BaseForm, CheckboxList, choices
from eservices.submissions.inputs import AttachmentsField, IsoDateField

LABEL = "Fältet"

CASES = [
    (StringField, validators.Required(), ""),
    (BooleanField, validators.Required(), None),
    (StringField, validators.Length(maximum=3), "fyra"),
    (StringField, validators.Length(minimum=5), "fyra"),
    (StringField, validators.PlainText(), "a\x07b"),
    (StringField, validators.Pattern("[0-9]+"), "abc"),
    (StringField, validators.Pattern("[0-9]+", "Skriv siffror."), "abc"),
    (StringField, validators.Slug(), "Park och natur"),
    (StringField, validators.EmailAddress(), "anna.example.se"),
    (StringField, validators.PhoneNumber(), "ring mig"),
    (StringField, validators.PostalCode(), "4113"),
    (StringField, validators.Personnummer(), "19900315-2388"),
    (StringField, validators.Personnummer(), "19901315-2387"),
    (StringField, validators.Personnummer(), "1990"),
    (StringField, validators.Organisationsnummer(), "556036-0794"),
    (StringField, validators.Organisationsnummer(), "55603"),
    (IntegerField, validators.NumberRange(minimum=10), "3"),
    (IntegerField, validators.NumberRange(maximum=10), "30"),
    (IsoDateField, validators.DateRange(minimum="2030-01-01"), "2029-12-31"),
    (IsoDateField, validators.DateRange(maximum="today"), "2999-01-01"),
    (StringField, validators.Month(), "2026-13"),
    (SelectField, validators.Choice(), "forged"),
    (CheckboxList, validators.Choice(["a"]), ["a", "b"]),
    (CheckboxList, validators.ChoiceCount(minimum=2), ["a"]),
    (CheckboxList, validators.ChoiceCount(maximum=1), ["a", "b"]),
]


@pytest.mark.parametrize("field_class, validator, typed", CASES)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_refusal_names_the_field(app, field_class, validator, typed, language):
    options = {}
    if field_class in (SelectField, CheckboxList):
        options["choices"] = choices([("a", "A"), ("b", "B")])
    if field_class is SelectField:
        options["validate_choice"] = False  # as the forms do: Choice() words the refusal

    class Form(BaseForm):
        class Meta:
            csrf = False

        f = field_class(LABEL, validators=[validator], **options)

    values = typed if isinstance(typed, list) else [] if typed is None else [typed]
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        form = Form(formdata=MultiDict([("f", value) for value in values]))
        assert not form.validate()
        messages = [str(message) for message in form.f.errors]
    assert messages and all(LABEL.lower() in message.lower() for message in messages), messages


def test_a_file_field_is_judged_by_the_files_already_uploaded(app):
    class Form(BaseForm):
        class Meta:
            csrf = False

        f = AttachmentsField(LABEL, validators=[validators.Required(), validators.FileCount(1)])

    with app.test_request_context():
        form = Form(formdata=MultiDict())
        form.f.data = ["one"]
        assert form.validate()
        form.f.data = ["one", "two"]
        assert not form.validate() and LABEL in str(form.f.errors[0])
        form.f.data = []
        assert not form.validate() and "fältet" in str(form.f.errors[0])
