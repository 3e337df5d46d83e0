"""Every field type: what a resident may type, what they are told when it is wrong, and the
typed answer that is stored. Forms are built from posted data inside a request, as the
step page does; messages are read in English (the msgids) unless a test says otherwise.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import request
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from eservices.catalogue.definitions import Step, Text
from eservices.catalogue.fields import field_from
from eservices.submissions.answers import answers_from_form
from eservices.submissions.building import build_form

LABEL = {"sv": "Fältet", "en": "The field"}
OPTIONS = [
    {"value": "park", "label": {"sv": "Park", "en": "Park"}},
    {"value": "gata", "label": {"sv": "Gata", "en": "Street"}},
    {"value": "skylt", "label": {"sv": "Skylt", "en": "Sign"}},
]
TODAY = datetime.datetime.now(ZoneInfo("Europe/Stockholm")).date()
DAY = datetime.timedelta(days=1)


def definition(kind, **extra):
    """A field "f" of the given type, labelled "The field"."""
    raw = {"id": "f", "type": kind, "label": LABEL, **extra}
    if kind in ("radio", "select", "checkboxes"):
        raw.setdefault("options", OPTIONS)
    return field_from(raw)


class Sent:
    """What came of posting a step: valid or not, the messages by input, the answers."""

    def __init__(self, valid, errors, answers):
        self.valid, self.errors, self.answers = valid, errors, answers


def post(app, fields, data, *, previous=None, language="en"):
    """Post ``data`` to a step holding ``fields`` and validate it, CSRF token included."""
    step = Step("step", Text("Steg", "Step"), tuple(fields))
    # The language cookie makes the request's locale that of the page, as on the site.
    cookie = {"Cookie": f"lang={language}"}
    with app.test_request_context(method="POST", data=data, headers=cookie):
        formdata = MultiDict(request.form)
        formdata["csrf_token"] = generate_csrf()
        form = build_form(step, language=language, data=previous, formdata=formdata)
        valid = form.validate()
        errors = {f.name: [str(message) for message in f.errors] for f in form if f.errors}
        return Sent(valid, errors, answers_from_form(step, form, previous or {}))


# --- Bad input: the message next to the input, and nothing stored --------------------------

BAD = [
    # text
    ("text", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("text", {"required": True}, {"f": "   "}, "f", "Fill in “The field”."),
    ("text", {"required": True}, {"f": "\u200b\u200e"}, "f", "Fill in “The field”."),
    ("text", {}, {"f": "x" * 201}, "f", "“The field” can have at most 200 characters."),
    ("text", {"max_length": 5}, {"f": "sexbok"}, "f", "can have at most 5 characters"),
    ("text", {"min_length": 3}, {"f": "ab"}, "f", "“The field” needs at least 3 characters."),
    ("text", {}, {"f": "a\x07b"}, "f", "contains characters that are not allowed"),
    ("text", {}, {"f": "a\x9bb"}, "f", "contains characters that are not allowed"),
    ("text", {"pattern": "^[0-9]{1,8}-[0-9]{1,4}$"}, {"f": "12345"}, "f", "not in the right"),
    (
        "text",
        {
            "pattern": "^[0-9]{1,8}-[0-9]{1,4}$",
            "pattern_message": {"sv": "Skriv som 1234-5678.", "en": "Write it as 1234-5678."},
        },
        {"f": "１２３-４５６７"},
        "f",
        "Write it as 1234-5678.",
    ),
    # textarea
    ("textarea", {"required": True}, {"f": "\n\n"}, "f", "Fill in “The field”."),
    ("textarea", {}, {"f": "x" * 4001}, "f", "can have at most 4000 characters"),
    ("textarea", {"min_length": 20}, {"f": "För kort."}, "f", "needs at least 20 characters"),
    ("textarea", {}, {"f": "rad\x00\x1b[31m"}, "f", "contains characters that are not allowed"),
    # email
    ("email", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("email", {}, {"f": "anna.example.se"}, "f", "“The field”: enter an e-mail address"),
    ("email", {}, {"f": "anna@@example.se"}, "f", "“The field”: enter an e-mail address"),
    ("email", {}, {"f": "<script>@example.se"}, "f", "“The field”: enter an e-mail address"),
    ("email", {}, {"f": "a" * 320 + "@example.se"}, "f", "at most 320 characters"),
    ("email", {}, {"f": "åsa@example.se"}, "f", "with å, ä, ö or other letters outside a–z"),
    # phone
    ("phone", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("phone", {}, {"f": "ring mig"}, "f", "“The field”: enter a phone number"),
    ("phone", {}, {"f": "０７０１２３４５６７"}, "f", "“The field”: enter a phone number"),
    ("phone", {}, {"f": "0" * 41}, "f", "at most 40 characters"),
    # personnummer
    ("personnummer", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("personnummer", {}, {"f": "19900315-2388"}, "f", "Check the last four digits"),
    ("personnummer", {}, {"f": "20150916-0006"}, "f", "Check the last four digits"),
    ("personnummer", {}, {"f": "19901315-2387"}, "f", "not contain a real date of birth"),
    ("personnummer", {}, {"f": "１９９００３１５-２３８７"}, "f", "as YYYYMMDD-NNNN"),
    ("personnummer", {}, {"f": "19900315-23877"}, "f", "as YYYYMMDD-NNNN"),
    ("personnummer", {}, {"f": "1" * 1000}, "f", "at most 40 characters"),
    # organisationsnummer
    ("organisationsnummer", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("organisationsnummer", {}, {"f": "556036-0794"}, "f", "Check the digits"),
    ("organisationsnummer", {}, {"f": "55603-60793"}, "f", "as NNNNNN-NNNN"),
    ("organisationsnummer", {}, {"f": "５５６０３６-０７９３"}, "f", "as NNNNNN-NNNN"),
    # postal_code
    ("postal_code", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("postal_code", {}, {"f": "4113"}, "f", "five digits"),
    ("postal_code", {}, {"f": "01138"}, "f", "five digits"),
    ("postal_code", {}, {"f": "４１１３８"}, "f", "five digits"),
    ("postal_code", {}, {"f": "SE-411 38"}, "f", "five digits"),
    # date
    ("date", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("date", {"required": True}, {"f": "21/11/2026"}, "f", "enter the date as YYYY-MM-DD"),
    ("date", {}, {"f": "2026-02-30"}, "f", "enter a date that exists"),
    ("date", {}, {"f": "２０２６-１１-２１"}, "f", "enter the date as YYYY-MM-DD"),
    ("date", {}, {"f": "2026-11-21" * 100}, "f", "enter the date as YYYY-MM-DD"),
    ("date", {"min": "today"}, {"f": (TODAY - DAY).isoformat()}, "f", "cannot be in the past"),
    ("date", {"max": "today"}, {"f": (TODAY + DAY).isoformat()}, "f", "cannot be in the future"),
    ("date", {"min": "2030-01-01"}, {"f": "2029-12-31"}, "f", "or later"),
    ("date", {"max": "2000-01-01"}, {"f": "2000-01-02"}, "f", "or earlier"),
    # number
    ("number", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("number", {}, {"f": "tolv"}, "f", "“The field”: enter a number, for example 12."),
    ("number", {}, {"f": "１２"}, "f", "enter a number"),
    ("number", {}, {"f": "1e5"}, "f", "enter a number"),
    ("number", {}, {"f": "12,5"}, "f", "enter a whole number"),
    ("number", {"decimals": 1}, {"f": "12,25"}, "f", "use at most 1 decimal."),
    ("number", {"decimals": 2}, {"f": "12,255"}, "f", "use at most 2 decimals."),
    ("number", {"decimals": 1}, {"f": "12,5,5"}, "f", "for example 12.5"),
    ("number", {}, {"f": "9" * 20}, "f", "the number is too large"),
    ("number", {"min": 0}, {"f": "-1"}, "f", "“The field” must be at least 0."),
    ("number", {"max": 100000}, {"f": "100 001"}, "f", "can be at most 100,000."),
    # amount
    ("amount", {"required": True}, {"f": ""}, "f", "Fill in “The field”."),
    ("amount", {}, {"f": "tolvhundra"}, "f", "enter an amount in whole kronor"),
    ("amount", {}, {"f": "12 500,50 kr"}, "f", "enter an amount in whole kronor"),
    ("amount", {}, {"f": "１２５００"}, "f", "enter an amount in whole kronor"),
    ("amount", {}, {"f": "9" * 20}, "f", "the amount is too large"),
    ("amount", {"min": 0}, {"f": "-5 kr"}, "f", "must be at least 0\u00a0kr."),
    ("amount", {"max": 10000}, {"f": "12 500 kr"}, "f", "can be at most 10,000\u00a0kr."),
    # radio, select, yes_no
    ("radio", {"required": True}, {}, "f", "Choose an answer to “The field”."),
    ("radio", {}, {"f": "finns-inte"}, "f", "Choose one of the options for “The field”."),
    ("radio", {}, {"f": "<script>"}, "f", "Choose one of the options"),
    ("select", {"required": True}, {"f": ""}, "f", "Choose an answer to “The field”."),
    ("select", {}, {"f": "finns-inte"}, "f", "Choose one of the options"),
    ("yes_no", {"required": True}, {}, "f", "Choose an answer to “The field”."),
    ("yes_no", {}, {"f": "kanske"}, "f", "Choose one of the options"),
    # checkboxes
    ("checkboxes", {"required": True}, {}, "f", "Choose at least one option for “The field”."),
    ("checkboxes", {}, {"f": "finns-inte"}, "f", "Choose one of the options"),
    ("checkboxes", {"min_choices": 2}, {"f": "park"}, "f", "Choose at least 2 options"),
    ("checkboxes", {"max_choices": 1}, [("f", "park"), ("f", "gata")], "f", "at most 1 option "),
    # consent
    ("consent", {}, {}, "f", "You must confirm to be able to send."),
    ("consent", {}, {"f": ""}, "f", "You must confirm to be able to send."),
    # address
    ("address", {"required": True}, {}, "f__street", "Fill in the street address for “The"),
    ("address", {"required": True}, {}, "f__postal_code", "Fill in the postal code for “The"),
    ("address", {"required": True}, {}, "f__city", "Fill in the town or city for “The field”."),
    ("address", {}, {"f__street": "Storgatan 1"}, "f__city", "Fill in the town or city"),
    (
        "address",
        {},
        {"f__street": "Storgatan 1", "f__postal_code": "4113", "f__city": "Göteborg"},
        "f__postal_code",
        "five digits",
    ),
    (
        "address",
        {},
        {"f__street": "x" * 201, "f__postal_code": "41138", "f__city": "Göteborg"},
        "f__street",
        "at most 200 characters",
    ),
    # location
    ("location", {"required": True}, {}, "f__description", "Describe the place for “The field”."),
    ("location", {}, {"f__description": "x" * 1001}, "f__description", "at most 1000"),
    ("location", {}, {"f__lat": "57.7"}, "f__lng", "the position on the map is not valid"),
    ("location", {}, {"f__lat": "48.85", "f__lng": "2.35"}, "f__lat", "must be in Sweden"),
    ("location", {}, {"f__lat": "57.7", "f__lng": "2.35"}, "f__lng", "must be in Sweden"),
    ("location", {}, {"f__lat": "norr", "f__lng": "11.9"}, "f__lat", "not valid"),
]


@pytest.mark.parametrize("kind, extra, data, name, message", BAD)
def test_bad_input_is_refused_with_a_message_next_to_the_input(
    app, kind, extra, data, name, message
):
    sent = post(app, [definition(kind, **extra)], MultiDict(data))

    assert not sent.valid
    assert any(message in text for text in sent.errors.get(name, ())), sent.errors


UNPARSEABLE = [
    ("personnummer", "19900315-2388"),
    ("organisationsnummer", "556036-0794"),
    ("postal_code", "4113"),
    ("date", "2026-02-30"),
    ("number", "１２"),
    ("amount", "12 500,50"),
    ("radio", "finns-inte"),
    ("select", "finns-inte"),
    ("yes_no", "kanske"),
    ("checkboxes", "finns-inte"),
]


@pytest.mark.parametrize("kind, typed", UNPARSEABLE)
def test_input_that_does_not_parse_never_becomes_an_answer(app, kind, typed):
    sent = post(app, [definition(kind)], {"f": typed})

    assert not sent.valid
    assert sent.answers == {}


def test_the_message_names_the_field_in_the_resident_s_language(app):
    sent = post(app, [definition("text", required=True)], {"f": ""}, language="sv")

    assert sent.errors == {"f": ["Fyll i ”Fältet”."]}


def test_the_consent_message_is_swedish_on_swedish_pages(app):
    sent = post(app, [definition("consent")], {}, language="sv")

    assert sent.errors == {"f": ["Du måste bekräfta för att kunna skicka in."]}


# --- Good input: the typed answer ------------------------------------------------------------

GOOD = [
    ("text", {}, {"f": "<script>alert(1)</script>"}, "<script>alert(1)</script>"),
    ("text", {}, {"f": "  Anna Andersson  "}, "Anna Andersson"),
    ("text", {}, {"f": "Hej 👋🏽 från Göteborg"}, "Hej 👋🏽 från Göteborg"),
    (
        "text",
        {},
        {"f": "\u05e9\u05dc\u05d5\u05dd \u200fעולם"},
        "\u05e9\u05dc\u05d5\u05dd \u200fעולם",
    ),
    ("text", {}, {"f": "Jose\u0301"}, "Jose\u0301"),
    ("text", {}, {"f": "a\u200bb"}, "a\u200bb"),
    ("text", {}, {"f": "x" * 200}, "x" * 200),
    ("text", {"pattern": "^[0-9]{1,8}-[0-9]{1,4}$"}, {"f": "5050-1055"}, "5050-1055"),
    ("textarea", {}, {"f": "Rad 1\r\nRad 2\r\n"}, "Rad 1\nRad 2"),
    ("textarea", {}, {"f": "<b>fet</b> & 'citat'"}, "<b>fet</b> & 'citat'"),
    ("email", {}, {"f": " Anna.Andersson@Example.se "}, "Anna.Andersson@Example.se"),
    ("phone", {}, {"f": "070-123 45 67"}, "070-123 45 67"),
    ("phone", {}, {"f": "+46 (0)31 123 45"}, "+46 (0)31 123 45"),
    ("personnummer", {}, {"f": "19900315-2387"}, "199003152387"),
    ("personnummer", {}, {"f": "900315-2387"}, "199003152387"),
    ("personnummer", {}, {"f": "199003152387"}, "199003152387"),
    ("personnummer", {}, {"f": "\u200e19900315 2387\u200f"}, "199003152387"),
    ("organisationsnummer", {}, {"f": "556036-0793"}, "556036-0793"),
    ("organisationsnummer", {}, {"f": "5560360793"}, "556036-0793"),
    ("postal_code", {}, {"f": "41138"}, "411 38"),
    ("postal_code", {}, {"f": "411\u00a038"}, "411 38"),
    ("date", {}, {"f": "2026-11-21"}, "2026-11-21"),
    ("date", {}, {"f": "2026-1-5"}, "2026-01-05"),
    ("date", {"min": "today"}, {"f": TODAY.isoformat()}, TODAY.isoformat()),
    ("date", {"max": "today"}, {"f": TODAY.isoformat()}, TODAY.isoformat()),
    ("number", {}, {"f": "1 200"}, 1200),
    ("number", {}, {"f": "-3"}, -3),
    ("number", {}, {"f": "\u22123"}, -3),
    ("number", {}, {"f": "12,0"}, 12),
    ("number", {"decimals": 1}, {"f": "12,5"}, "12.5"),
    ("number", {"decimals": 2}, {"f": "12.50"}, "12.50"),
    ("number", {"decimals": 1}, {"f": "-0,0"}, "0.0"),
    ("number", {"min": 0, "max": 100000}, {"f": "100 000"}, 100000),
    ("amount", {}, {"f": "12 500 kr"}, 12500),
    ("amount", {}, {"f": "12500"}, 12500),
    ("amount", {}, {"f": "12\u00a0500 SEK"}, 12500),
    ("amount", {}, {"f": "12 500:-"}, 12500),
    ("amount", {}, {"f": "12 500,00 kronor"}, 12500),
    ("amount", {}, {"f": "kr 12 500"}, 12500),
    ("amount", {"min": 0}, {"f": "0"}, 0),
    ("radio", {}, {"f": "gata"}, "gata"),
    ("select", {}, {"f": "skylt"}, "skylt"),
    ("yes_no", {}, {"f": "yes"}, "yes"),
    ("yes_no", {}, {"f": "no"}, "no"),
    ("checkboxes", {}, [("f", "skylt"), ("f", "park")], ["park", "skylt"]),
    ("checkboxes", {}, [("f", "park"), ("f", "park")], ["park"]),
    ("checkboxes", {"min_choices": 2, "max_choices": 2}, [("f", "park"), ("f", "gata")], None),
    ("consent", {}, {"f": "y"}, True),
    (
        "address",
        {"required": True},
        {"f__street": " Storgatan 1 ", "f__postal_code": "41138", "f__city": "Göteborg"},
        {"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"},
    ),
    (
        "location",
        {"required": True},
        {"f__description": "Korsningen Storgatan/Kungsgatan"},
        {"lat": None, "lng": None, "description": "Korsningen Storgatan/Kungsgatan"},
    ),
    (
        "location",
        {"required": True},
        {"f__description": "Vid torget", "f__lat": "57,70887", "f__lng": "11.97456"},
        {"lat": 57.70887, "lng": 11.97456, "description": "Vid torget"},
    ),
]


@pytest.mark.parametrize("kind, extra, data, answer", GOOD)
def test_good_input_gives_the_typed_answer(app, kind, extra, data, answer):
    sent = post(app, [definition(kind, **extra)], MultiDict(data))

    assert sent.valid, sent.errors
    if answer is not None:
        assert sent.answers == {"f": answer}


KINDS = [
    "text", "textarea", "email", "phone", "personnummer", "organisationsnummer",
    "postal_code", "date", "number", "amount", "radio", "select", "checkboxes", "yes_no",
    "address", "location",
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_optional_field_is_valid_and_left_out_of_the_answers(app, kind):
    data = {"f": "", "f__street": "", "f__postal_code": "", "f__city": "", "f__description": ""}

    sent = post(app, [definition(kind)], data)

    assert sent.valid, sent.errors
    assert sent.answers == {}


@pytest.mark.parametrize("kind", ["text", "textarea", "email", "personnummer", "number"])
def test_a_zero_width_space_alone_is_no_answer(app, kind):
    sent = post(app, [definition(kind)], {"f": "\u200b"})

    assert sent.valid, sent.errors
    assert sent.answers == {}


@pytest.mark.parametrize("kind", KINDS + ["consent"])
def test_a_required_field_left_empty_reports_one_error(app, kind):
    sent = post(app, [definition(kind, required=True)], {})

    assert not sent.valid
    assert all(len(messages) == 1 for messages in sent.errors.values()), sent.errors
    assert sent.answers == {}
