"""Staff register a case received on paper, by phone or at a visit, through the same form."""

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.cases.models import Case
from tests.conftest import PASSWORD, check_page, post_form
from tests.fault_report import post


@pytest.fixture
def handler(app, make_staff, units):
    client = app.test_client()
    user = make_staff(role="handler", units=[units["felanmalan"]])
    post_form(client, "/personal/logga-in", {"email": user.login_email, "password": PASSWORD})
    return client, user


def _register_fault_report(client, channel="phone"):
    response = post(client, "/e-tjanster/felanmalan/ansok", {"channel": channel})
    assert response.headers["Location"].endswith("/steg/1")
    step = client.get("/e-tjanster/felanmalan/steg/1")
    check_page(step)
    assert "Det kom in via: Telefon" in step.text
    post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    post(
        client, "/e-tjanster/felanmalan/steg/2", {"location__description": "Här", "action": "next"}
    )
    post(client, "/e-tjanster/felanmalan/steg/3", {"description": "Klotter", "action": "next"})
    post(
        client,
        "/e-tjanster/felanmalan/steg/4",
        {"wants_reply": "yes", "name": "Kim", "email": "kim@example.se", "action": "next"},
    )
    sent = post(client, "/e-tjanster/felanmalan/granska", {})
    return sent.headers["Location"].rsplit("/", 1)[1]


def test_a_handler_registers_a_phoned_in_report_and_the_channel_is_recorded(db, handler):
    client, user = handler
    service_page = client.get("/e-tjanster/felanmalan")
    check_page(service_page)
    assert "Hur kom det in?" in service_page.text
    number = _register_fault_report(client)
    case = db.session.scalar(select(Case))
    assert (case.number, case.channel, case.registered_by_id) == (number, "phone", user.id)
    assert case.applicant_id is None
    receipt = client.get(f"/kvitto/{number}")
    check_page(receipt)
    assert "/folj/" in receipt.text  # to hand over to the resident
    assert "Registrera ett ärende till" in receipt.text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.submitted"))
    assert event.actor_id == user.id and event.details["channel"] == "phone"


def test_a_channel_must_be_chosen_and_residents_cannot_claim_one(db, handler, client, units):
    staff, _user = handler
    refused = post(staff, "/e-tjanster/felanmalan/ansok", {"channel": "digital"})
    assert refused.headers["Location"].endswith("/e-tjanster/felanmalan")
    assert "Välj hur ärendet kom in." in staff.get("/e-tjanster/felanmalan").text
    post(client, "/e-tjanster/felanmalan/ansok", {"channel": "visit"})  # an anonymous visitor
    from eservices.submissions.models import Draft

    assert db.session.scalar(select(Draft.channel)) is None


def test_a_resident_named_by_their_own_personnummer_gets_the_case_on_my_pages(
    app, db, make_staff, make_resident, make_unit
):
    from eservices.submissions import services

    resident = make_resident(pnr="19900315-2387")
    make_unit(slug="trafik", name_sv="Trafik")
    staff = make_staff(role="handler")
    service = app.extensions["catalogue"].get("parkeringstillstand-rorelsehindrade")
    pnr_field = next(f for f in service.fields() if f.type == "personnummer")
    assert pnr_field.prefill == "personnummer"
    with app.test_request_context():
        draft, _token = services.start_draft(service, user=staff, channel="visit")
        draft.answers = {pnr_field.id: "199003152387"}
        case, follow = services.submit_draft(draft, service, registered_by=staff)
    assert case.applicant_id == resident.id and follow is None
    assert case.channel == "visit"
