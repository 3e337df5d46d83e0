"""The form engine: conditions, building a step, showing stored answers again, prefill,
and every step of the real services in forms/."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import request
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from eservices.catalogue.definitions import Step, Text
from eservices.catalogue.fields import field_from
from eservices.extensions import db as _db
from eservices.submissions.answers import answers_from_form
from eservices.submissions.building import build_form
from eservices.submissions.inputs import hidden_input_names, subfield_names
from eservices.submissions.prefill import prefill
from eservices.submissions.visibility import visible_fields

FORMS = Path(__file__).resolve().parents[2] / "forms"
TODAY = datetime.datetime.now(ZoneInfo("Europe/Stockholm")).date()
DAY = datetime.timedelta(days=1)
SERVICE_IDS = sorted(p.stem for p in FORMS.glob("*.yaml") if not p.name.startswith("_"))


def label(sv, en=None):
    return {"sv": sv, "en": en or sv}


def make_step(*raw_fields):
    return Step("step", Text("Steg", "Step"), tuple(field_from(raw) for raw in raw_fields))


def posted(app, step, data, *, previous=None, language="sv", csrf=True):
    """Build the step from posted data, validate it; return (valid, errors, answers)."""
    with app.test_request_context(method="POST", data=data, headers={"Cookie": "lang=en"}):
        formdata = MultiDict(request.form)
        if csrf:
            formdata["csrf_token"] = generate_csrf()
        form = build_form(step, language=language, data=previous, formdata=formdata)
        valid = form.validate()
        errors = {f.name: [str(m) for m in f.errors] for f in form if f.errors}
        return valid, errors, answers_from_form(step, form, previous or {})


# A yes/no question and a required text that is asked only after "yes".
REPLY = make_step(
    {"id": "wants_reply", "type": "yes_no", "label": label("Vill du ha svar?"), "required": True},
    {"id": "intro", "type": "info", "text": label("Vi svarar inom en vecka.")},
    {
        "id": "email",
        "type": "email",
        "label": label("E-postadress"),
        "required": True,
        "visible_if": {"field": "wants_reply", "equals": "yes"},
    },
    {
        "id": "when",
        "type": "text",
        "label": label("När når vi dig?"),
        "visible_if": {"field": "email", "equals": "never-typed@example.se"},
    },
)


# --- visible_if ------------------------------------------------------------------------------


def test_visible_fields_follow_the_answers_and_keep_info_fields():
    assert [f.id for f in visible_fields(REPLY, {})] == ["wants_reply", "intro"]
    shown = visible_fields(REPLY, {"wants_reply": "yes"})
    assert [f.id for f in shown] == ["wants_reply", "intro", "email"]


def test_a_field_that_depends_on_a_hidden_field_is_hidden_too():
    answers = {"wants_reply": "no", "email": "never-typed@example.se"}

    assert [f.id for f in visible_fields(REPLY, answers)] == ["wants_reply", "intro"]


def test_a_hidden_required_field_does_not_block_and_its_value_is_dropped(app):
    data = {"wants_reply": "no", "email": "typed before changing my mind"}

    valid, errors, answers = posted(app, REPLY, data)

    assert valid, errors
    assert answers == {"wants_reply": "no"}


def test_a_shown_required_field_is_validated(app):
    valid, errors, answers = posted(app, REPLY, {"wants_reply": "yes", "email": ""})

    assert not valid
    assert errors == {"email": ["Fill in “E-postadress”."]}


def test_a_shown_field_is_kept(app):
    data = {"wants_reply": "yes", "email": "anna@example.se"}

    valid, errors, answers = posted(app, REPLY, data)

    assert valid, errors
    assert answers == {"wants_reply": "yes", "email": "anna@example.se"}


def test_a_condition_on_an_earlier_step_uses_the_previous_answers(app):
    step = make_step(
        {
            "id": "rent",
            "type": "amount",
            "label": label("Hyra"),
            "required": True,
            "visible_if": {"field": "grant_type", "equals": "lokalbidrag"},
        }
    )

    hidden = posted(app, step, {}, previous={"grant_type": "verksamhetsbidrag"})
    shown = posted(app, step, {}, previous={"grant_type": "lokalbidrag"})

    assert hidden[0] and hidden[2] == {}
    assert not shown[0] and list(shown[1]) == ["rent"]


def test_a_condition_on_checkboxes_matches_any_ticked_value(app):
    step = make_step(
        {
            "id": "aids",
            "type": "checkboxes",
            "label": label("Hjälpmedel"),
            "options": [
                {"value": "rullator", "label": label("Rullator")},
                {"value": "annat", "label": label("Annat")},
            ],
        },
        {
            "id": "other",
            "type": "text",
            "label": label("Vilket?"),
            "required": True,
            "visible_if": {"field": "aids", "in": ["annat"]},
        },
    )

    valid, errors, _ = posted(app, step, MultiDict([("aids", "rullator"), ("aids", "annat")]))

    assert not valid and list(errors) == ["other"]


# --- The form --------------------------------------------------------------------------------


def test_the_form_has_one_input_per_answer_and_none_for_info(app):
    step = make_step(
        {"id": "note", "type": "info", "text": label("Läs detta.")},
        {"id": "photos", "type": "file", "label": label("Foton")},
        {"id": "home", "type": "address", "label": label("Adress")},
        {"id": "place", "type": "location", "label": label("Platsen")},
        {"id": "name", "type": "text", "label": label("Namn")},
    )
    with app.test_request_context():
        form = build_form(step, language="sv")
        names = [f.name for f in form if f.name != "csrf_token"]
        lat = str(form["place__lat"]())

    assert names == [
        "photos",
        "home__street", "home__postal_code", "home__city",
        "place__description", "place__lat", "place__lng",
        "name",
    ]  # fmt: skip
    assert [subfield_names(f) for f in step.fields[:2]] == [(), ("photos",)]
    assert subfield_names(step.fields[3]) == ("place__description",)
    assert hidden_input_names(step.fields[3]) == ("place__lat", "place__lng")
    # The map widget fills the coordinates; without it they are simply not sent.
    assert 'type="hidden"' in lat


def test_labels_hints_and_options_are_in_the_page_language(app):
    step = make_step(
        {
            "id": "kind",
            "type": "select",
            "label": label("Vad gäller det?", "What is it about?"),
            "hint": label("Välj det som passar bäst.", "Choose the best fit."),
            "options": [{"value": "buller", "label": label("Buller", "Noise")}],
        },
        {"id": "home", "type": "address", "label": label("Adress", "Address")},
    )
    with app.test_request_context():
        sv, en = build_form(step, language="sv"), build_form(step, language="en")

        assert sv["kind"].label.text == "Vad gäller det?"
        assert en["kind"].label.text == "What is it about?"
        assert en["kind"].description == "Choose the best fit."
        assert [c.label for c in en["kind"].choices] == ["Choose …", "Noise"]
        assert [en[name].label.text for name in subfield_names(step.fields[1])] == [
            "Street address",
            "Postal code",
            "Town or city",
        ]


def test_a_required_select_does_not_answer_itself(app):
    step = make_step(
        {
            "id": "kind",
            "type": "select",
            "label": label("Typ"),
            "required": True,
            "options": [{"value": "a", "label": label("A")}],
        }
    )
    with app.test_request_context():
        html = build_form(step, language="sv")["kind"]()

    assert '><option value="">Välj …</option><option value="a">' in html
    assert "selected" not in html


def test_a_required_checkbox_group_does_not_mark_every_box_required(app):
    step = make_step(
        {
            "id": "aids",
            "type": "checkboxes",
            "label": label("Hjälpmedel"),
            "required": True,
            "options": [{"value": "a", "label": label("A")}, {"value": "b", "label": label("B")}],
        }
    )
    with app.test_request_context():
        form = build_form(step, language="sv")
        boxes = [str(option()) for option in form["aids"]]

    assert form["aids"].flags.required
    assert all("required" not in box for box in boxes)


def test_stored_answers_are_shown_again(app):
    step = make_step(
        {"id": "day", "type": "date", "label": label("Dag")},
        {"id": "share", "type": "number", "label": label("Andel"), "decimals": 1},
        {"id": "cost", "type": "amount", "label": label("Kostnad")},
        {"id": "pnr", "type": "personnummer", "label": label("Personnummer")},
        {
            "id": "aids",
            "type": "checkboxes",
            "label": label("Hjälpmedel"),
            "options": [{"value": "a", "label": label("A")}, {"value": "b", "label": label("B")}],
        },
        {"id": "ok", "type": "consent", "label": label("Jag intygar")},
        {"id": "home", "type": "address", "label": label("Adress")},
        {"id": "place", "type": "location", "label": label("Plats")},
    )
    stored = {
        "day": "2026-11-21",
        "share": "12.5",
        "cost": 12500,
        "pnr": "199003152387",
        "aids": ["b"],
        "ok": True,
        "home": {"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"},
        "place": {"lat": 57.7, "lng": 11.9, "description": "Vid torget"},
        "from_another_step": "ignored",
    }
    with app.test_request_context():
        form = build_form(step, language="sv", data=stored)

        assert 'value="2026-11-21"' in form["day"]()
        assert 'value="12,5"' in form["share"]()
        assert 'value="12500"' in form["cost"]()
        assert 'value="19900315-2387"' in form["pnr"]()
        assert [option.checked for option in form["aids"]] == [False, True]
        assert "checked" in form["ok"]()
        assert form["home__postal_code"].data == "411 38"
        assert form["place__lat"].data == "57.7"
        # Stored answers are valid answers: validating them again (no formdata, no token)
        # gives them back unchanged.
        assert form.validate(), form.errors
        assert answers_from_form(step, form, stored) == {
            key: value for key, value in stored.items() if key != "from_another_step"
        }


def test_stored_answers_that_no_longer_fit_fail_validation_again(app):
    step = make_step({"id": "day", "type": "date", "label": label("Dag"), "max": "2000-01-01"})
    with app.test_request_context():
        form = build_form(step, language="sv", data={"day": "2026-11-21"})

        assert not form.validate()


def test_a_post_without_the_csrf_token_is_refused(app):
    step = make_step({"id": "name", "type": "text", "label": label("Namn")})

    valid, errors, _ = posted(app, step, {"name": "Anna"}, csrf=False)

    assert not valid
    assert list(errors) == ["csrf_token"]


@pytest.mark.parametrize("field_id", ["data", "errors", "meta", "validate", "process"])
def test_a_field_id_that_is_a_form_attribute_still_works(app, field_id):
    step = make_step({"id": field_id, "type": "text", "label": label("Svar"), "required": True})

    valid, errors, answers = posted(app, step, {field_id: "hej"})
    empty = posted(app, step, {})

    assert valid, errors
    assert answers == {field_id: "hej"}
    assert list(empty[1]) == [field_id]


# --- Prefill --------------------------------------------------------------------------------


def test_prefill_takes_the_resident_s_profile(app, make_resident):
    user = make_resident(given_name="Anna", family_name="Andersson")
    user.email = "anna@example.se"
    user.phone = "070-123 45 67"
    user.street_address = "Storgatan 1"
    user.postal_code = "411 38"
    user.city = "Göteborg"
    _db.session.commit()
    service = app.extensions["catalogue"].get("parkeringstillstand-rorelsehindrade")

    assert prefill(service, user) == {
        "name": "Anna Andersson",
        "personnummer": "199003152387",
        "address": {"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"},
        "phone": "070-123 45 67",
        "email": "anna@example.se",
    }


def test_prefill_leaves_out_what_the_profile_lacks(app, make_resident):
    user = make_resident()
    user.postal_code = "411 38"  # no street: no address
    _db.session.commit()
    service = app.extensions["catalogue"].get("parkeringstillstand-rorelsehindrade")

    assert prefill(service, user) == {"name": "Anna Andersson", "personnummer": "199003152387"}


def test_prefill_is_empty_for_visitors_and_staff(app, make_staff):
    service = app.extensions["catalogue"].get("parkeringstillstand-rorelsehindrade")

    assert prefill(service, None) == {}
    assert prefill(service, make_staff()) == {}


# --- The real services ----------------------------------------------------------------------


def required_inputs(step):
    """The inputs that must be filled in when nothing has been answered yet."""
    names = set()
    for field in visible_fields(step, {}):
        if field.required:
            names |= set(subfield_names(field))
    return names


@pytest.mark.parametrize("service_id", SERVICE_IDS)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_step_of_a_real_service_builds_and_reports_what_is_required(
    app, service_id, language
):
    service = app.extensions["catalogue"].get(service_id)
    assert service is not None
    for step in service.steps:
        with app.test_request_context():
            html = "".join(str(f()) for f in build_form(step, language=language))
        for field in step.fields:
            for name in subfield_names(field) + hidden_input_names(field):
                assert f'name="{name}"' in html

        valid, errors, answers = posted(app, step, {}, language=language)

        required = required_inputs(step)
        assert valid == (not required), (step.id, errors)
        assert set(errors) == required, step.id
        assert answers == {}


def test_a_real_grant_application_asks_what_the_chosen_grant_needs(app):
    service = app.extensions["catalogue"].get("foreningsbidrag")
    grant = next(step for step in service.steps if step.id == "grant")
    start = (TODAY + DAY).isoformat()

    valid, errors, answers = posted(
        app,
        grant,
        {"grant_type": "projektbidrag", "project_start": start, "project_end": start},
    )
    rent = posted(app, grant, {"grant_type": "lokalbidrag", "annual_rent": "48 000 kr"})

    assert valid, errors
    assert answers == {"grant_type": "projektbidrag", "project_start": start, "project_end": start}
    assert rent[0] and rent[2] == {"grant_type": "lokalbidrag", "annual_rent": 48000}


# --- Files -----------------------------------------------------------------------------------

CERTIFICATE = make_step(
    {
        "id": "certificate",
        "type": "file",
        "label": label("Läkarintyg", "Medical certificate"),
        "required": True,
        "accept": ["application/pdf"],
        "max_files": 2,
    },
)


def test_a_required_file_field_needs_an_uploaded_file(app):
    valid, errors, _answers = posted(app, CERTIFICATE, {}, language="en")
    assert not valid
    assert errors == {"certificate": ["Attach a file for “Medical certificate”."]}


def test_the_uploaded_files_are_the_answer_and_no_more_than_allowed(app):
    one = posted(app, CERTIFICATE, {}, previous={"certificate": ["a1"]})
    assert one[0] and one[2] == {"certificate": ["a1"]}
    three = posted(app, CERTIFICATE, {}, previous={"certificate": ["a1", "a2", "a3"]})
    assert not three[0]


def test_a_file_input_accepts_the_fields_types_by_name_and_extension(app):
    with app.test_request_context():
        html = str(build_form(CERTIFICATE, language="sv")["certificate"]())
    assert 'type="file"' in html and "multiple" in html
    assert 'accept="application/pdf,.pdf"' in html


def test_a_file_input_for_one_file_picks_one(app):
    one_file = make_step(
        {
            "id": "certificate",
            "type": "file",
            "label": label("Läkarintyg", "Medical certificate"),
            "accept": ["application/pdf"],
            "max_files": 1,
        }
    )
    with app.test_request_context():
        html = str(build_form(one_file, language="sv")["certificate"]())
    assert 'type="file"' in html and "multiple" not in html
