"""Notes stay inside, messages and completion requests reach the resident, by e-mail too."""

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.cases import messages, workflow
from eservices.cases.handling import CaseError
from eservices.cases.models import CaseMessage
from eservices.notifications.services import text_of
from tests.conftest import check_page
from tests.resident_cases import act, outbox, write


def test_a_note_is_for_handlers_only(db, own_case, handler_client, resident_client):
    write(handler_client, own_case.number, "note", "Ring entreprenören först.")
    case_page = handler_client.get(f"/handlaggning/arenden/{own_case.number}")
    assert "Ring entreprenören först." in case_page.text
    assert "Intern anteckning" in case_page.text
    mine = resident_client.get(f"/mina-sidor/arenden/{own_case.number}")
    check_page(mine)
    assert "Ring entreprenören" not in mine.text
    assert not [m for m in outbox(db) if "meddelande" in m.subject.lower()]


def test_a_message_reaches_the_resident_and_is_marked_read(
    db, own_case, handler_client, resident_client
):
    write(handler_client, own_case.number, "message", "Vi tittar på det i morgon.")
    mail = outbox(db)[-1]
    assert mail.to_address == "anna@example.se"
    assert own_case.number in mail.subject
    # The e-mail says there is a message and links to it; the text stays behind the log-in.
    assert "Vi tittar på det" not in mail.body_text
    assert f"/mina-sidor/arenden/{own_case.number}" in text_of(mail)
    listing = resident_client.get("/mina-sidor/arenden")
    check_page(listing)
    assert "1 nytt" in listing.text
    case_page = resident_client.get(f"/mina-sidor/arenden/{own_case.number}")
    assert "Vi tittar på det i morgon." in case_page.text
    assert "Inga nya" in resident_client.get("/mina-sidor/arenden").text
    handler_view = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert "Läst av den sökande" in handler_view


def test_no_e_mail_when_the_resident_chose_none(db, own_case, resident, handler_client):
    resident.notify_messages = False
    db.session.commit()
    before = len(outbox(db))
    write(handler_client, own_case.number, "message", "Hej!")
    assert len(outbox(db)) == before
    assert db.session.scalar(select(CaseMessage).where(CaseMessage.kind == "message"))


def test_a_completion_request_pauses_the_case_and_asks_by_e_mail(db, own_case, handler_client):
    write(handler_client, own_case.number, "completion_request", "Skicka en bild på klottret.")
    db.session.refresh(own_case)
    assert own_case.status == workflow.AWAITING_INFO
    assert own_case.paused_at is not None
    assert own_case.assignee_id is not None  # taken into handling on the way
    mail = outbox(db)[-1]
    assert mail.to_address == "anna@example.se"
    assert "komplettering" in mail.subject.lower() or "information" in mail.subject.lower()
    queue = handler_client.get("/handlaggning/?vy=awaiting")
    assert own_case.number in queue.text


def test_a_second_request_while_waiting_is_refused(app, db, own_case, handler):
    messages.write(own_case, "completion_request", "Bild, tack.", actor=handler)
    with pytest.raises(CaseError):
        messages.write(own_case, "completion_request", "Och en till.", actor=handler)
    assert len(messages.thread(own_case)) == 1


def test_an_empty_text_is_refused_next_to_the_field(db, own_case, handler_client):
    response = write(handler_client, own_case.number, "message", "   ")
    assert response.status_code == 400
    check_page(response, status=400)
    assert "write-body-error" in response.text
    assert response.text.count("<title>Fel: ") == 1
    assert not messages.thread(own_case)


def test_nothing_but_notes_can_be_written_on_a_closed_case(app, db, own_case, handler):
    from eservices.cases.handling import change_status

    change_status(own_case, workflow.IN_PROGRESS, actor=handler)
    change_status(own_case, workflow.CLOSED, actor=handler)
    with pytest.raises(CaseError):
        messages.write(own_case, "message", "Hej", actor=handler)
    messages.write(own_case, "note", "Arkiverat.", actor=handler)
    assert [m.kind for m in messages.thread(own_case)] == ["note"]


def test_writing_is_audited_and_on_the_timeline(db, own_case, handler_client):
    write(handler_client, own_case.number, "message", "Hej!")
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "case.message_sent" in actions
    page = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert "Meddelande till den sökande" in page


def test_status_changes_and_the_decision_are_e_mailed_without_the_decision_text(
    db, own_case, handler_client
):
    act(handler_client, own_case.number, "ta")
    act(handler_client, own_case.number, "status", {"status-status": "in_progress"})
    assert "Under handläggning" in outbox(db)[-1].subject
    act(
        handler_client,
        own_case.number,
        "beslut",
        {"decision-decision": "rejected", "decision-decision_text": "Ytan är privat mark."},
    )
    mail = outbox(db)[-1]
    assert "Beslut" in mail.subject
    assert "Avslag" in mail.body_text
    assert "privat mark" not in mail.body_text


def test_no_status_e_mail_when_the_resident_chose_none(db, own_case, resident, handler_client):
    resident.notify_status = False
    db.session.commit()
    before = len(outbox(db))
    act(handler_client, own_case.number, "status", {"status-status": "in_progress"})
    assert len(outbox(db)) == before


def test_the_status_form_does_not_offer_waiting_without_a_request(own_case, handler_client):
    act(handler_client, own_case.number, "status", {"status-status": "in_progress"})
    page = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert 'value="awaiting_info"' not in page


def test_the_personnummer_is_hidden_until_asked_for_and_each_look_is_audited(
    db, own_case, handler_client
):
    page = handler_client.get(f"/handlaggning/arenden/{own_case.number}")
    assert "19900315-2387" not in page.text and "199003152387" not in page.text
    shown = act(handler_client, own_case.number, "visa-personnummer")
    check_page(shown)
    assert "19900315-2387" in shown.text or "199003152387" in shown.text
    looks = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.personnummer_revealed")
    ).all()
    assert len(looks) == 1
    # Shown once, on that response only.
    again = handler_client.get(f"/handlaggning/arenden/{own_case.number}")
    assert "19900315-2387" not in again.text and "199003152387" not in again.text


def test_a_case_without_a_personnummer_offers_no_button(make_case, handler_client):
    anonymous = make_case()
    page = handler_client.get(f"/handlaggning/arenden/{anonymous.number}").text
    assert "visa-personnummer" not in page
