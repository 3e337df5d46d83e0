"""Answers as residents and staff read them on the review page, the receipt and the case."""

import pytest
from flask_babel import force_locale

from eservices.catalogue.fields import field_from
from eservices.submissions.display import display_value

LABEL = {"sv": "Fältet", "en": "The field"}
OPTIONS = [
    {"value": "park", "label": {"sv": "Park och natur", "en": "Parks"}},
    {"value": "gata", "label": {"sv": "Gata", "en": "Street"}},
    {"value": "skylt", "label": {"sv": "Skylt", "en": "Sign"}},
]
NBSP = "\u00a0"


def definition(kind, **extra):
    raw = {"id": "f", "type": kind, "label": LABEL, **extra}
    if kind in ("radio", "select", "checkboxes"):
        raw.setdefault("options", OPTIONS)
    return field_from(raw)


CASES = [
    ("text", {}, "<script>alert(1)</script>", "<script>alert(1)</script>", None),
    ("textarea", {}, "Rad 1\nRad 2", "Rad 1\nRad 2", None),
    ("radio", {}, "park", "Park och natur", "Parks"),
    ("select", {}, "gata", "Gata", "Street"),
    ("radio", {}, "borttagen", "borttagen", "borttagen"),
    ("yes_no", {}, "yes", "Ja", "Yes"),
    ("yes_no", {}, "no", "Nej", "No"),
    ("checkboxes", {}, ["park", "skylt"], "Park och natur, Skylt", "Parks, Sign"),
    ("consent", {}, True, "Ja", "Yes"),
    ("date", {}, "2026-11-21", "21 november 2026", "21 November 2026"),
    ("amount", {}, 12500, f"12{NBSP}500{NBSP}kr", f"12,500{NBSP}kr"),
    ("amount", {}, 0, f"0{NBSP}kr", f"0{NBSP}kr"),
    ("number", {}, 1200, f"1{NBSP}200", "1,200"),
    ("number", {"decimals": 2}, "12.50", "12,50", "12.50"),
    ("personnummer", {}, "199003152387", "19900315-****", "19900315-****"),
    ("organisationsnummer", {}, "556036-0793", "556036-0793", None),
    ("postal_code", {}, "411 38", "411 38", None),
    ("email", {}, "anna@example.se", "anna@example.se", None),
    ("phone", {}, "070-123 45 67", "070-123 45 67", None),
    (
        "address",
        {},
        {"street": "Storgatan 1", "postal_code": "411 38", "city": "Göteborg"},
        "Storgatan 1, 411 38 Göteborg",
        None,
    ),
    (
        "location",
        {},
        {"lat": None, "lng": None, "description": "Vid torget"},
        "Vid torget",
        None,
    ),
    (
        "location",
        {},
        {"lat": 57.70887, "lng": 11.97456, "description": "Vid torget"},
        "Vid torget (57.70887, 11.97456)",
        None,
    ),
    ("location", {}, {"lat": 57.7, "lng": 11.9, "description": ""}, "57.70000, 11.90000", None),
]


@pytest.mark.parametrize("kind, extra, value, swedish, english", CASES)
def test_an_answer_reads_well_in_swedish_and_english(app, kind, extra, value, swedish, english):
    field = definition(kind, **extra)
    with app.test_request_context():
        assert display_value(field, value, "sv") == swedish
        assert display_value(field, value, "en") == (english or swedish)


def test_the_language_given_wins_over_the_page_s(app):
    field = definition("date")
    with app.test_request_context(), force_locale("sv"):
        assert display_value(field, "2026-11-21", "en") == "21 November 2026"


@pytest.mark.parametrize("value", [None, "", []])
def test_no_answer_reads_as_nothing(app, value):
    with app.test_request_context():
        assert display_value(definition("checkboxes"), value, "sv") == ""


def test_a_malformed_stored_value_is_shown_rather_than_crashing(app):
    with app.test_request_context():
        assert display_value(definition("date"), "21/11", "sv") == "21/11"
        assert display_value(definition("number"), "tolv", "sv") == "tolv"
        assert display_value(definition("personnummer"), "123", "sv") == "****"
