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


# --- E-mail addresses that mail cannot reach -----------------------------------------------

NOT_ASCII = ["åsa@example.se", "asa@göteborg.se", "ａsa@example.se", "Åsa.Öberg@example.se"]


def _email_forms():
    from eservices.admin.forms import StaffForm, UnitForm
    from eservices.mypages.forms import ProfileForm

    return [StaffForm, UnitForm, ProfileForm]


@pytest.mark.parametrize("address", NOT_ASCII)
@pytest.mark.parametrize("form_class", _email_forms(), ids=lambda form: form.__name__)
def test_every_form_refuses_an_address_that_mail_cannot_reach(app, form_class, address):
    with app.test_request_context(headers={"Cookie": "lang=sv"}):
        form = form_class(formdata=MultiDict({"email": address}), meta={"csrf": False})
        form.validate()
        errors = [str(message) for message in form.email.errors]
    assert any("vi kan inte skicka e-post till en adress med å, ä, ö" in m for m in errors), errors


def test_an_ascii_address_with_a_plus_is_still_welcome(app):
    from eservices.mypages.forms import ProfileForm

    with app.test_request_context():
        form = ProfileForm(formdata=MultiDict({"email": "a.b+c@example.se"}), meta={"csrf": False})
        form.validate()
        assert not form.email.errors


def test_staff_whose_address_was_accepted_before_can_still_log_in(app):
    from eservices.accounts.forms import StaffLoginForm

    with app.test_request_context():
        data = MultiDict({"email": "åsa@example.se", "password": "x"})
        form = StaffLoginForm(formdata=data, meta={"csrf": False})
        assert form.validate(), form.errors


def test_the_first_administrator_cannot_be_given_such_an_address(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-staff",
            "--email",
            "åsa@example.se",
            "--given-name",
            "Åsa",
            "--family-name",
            "Öberg",
            "--password",
            "correct-horse-battery-staple",
        ]
    )
    assert result.exit_code == 2
    assert "å, ä, ö" in result.output
