"""A resident fills in an e-service step by step, checks the answers and gets a receipt."""

import re
import threading

import pytest
from sqlalchemy import func, select

from eservices.cases.models import Case
from eservices.database import utcnow
from eservices.submissions import services
from eservices.submissions.models import Draft
from tests.conftest import csrf_token

FAULT_STEPS = [
    {"category": "park-och-lekplats"},
    {"location__description": "Lekplatsen i Slottsskogen vid Plikta"},
    {"description": "Gungan är trasig <script>alert(1)</script>"},
    {"wants_reply": "no"},
]


@pytest.fixture
def units(make_unit):
    for slug in ("felanmalan", "park-och-natur", "trafik", "skolskjuts"):
        make_unit(slug=slug, name_sv=f"Enhet {slug}")


def _post(client, url, data):
    token = csrf_token(client.get(url).text)
    return client.post(url, data={"csrf_token": token, **data})


def _start(client, service_id):
    token = csrf_token(client.get(f"/e-tjanster/{service_id}").text)
    return client.post(f"/e-tjanster/{service_id}/ansok", data={"csrf_token": token})


def _fill(client, service_id, steps):
    response = _start(client, service_id)
    for number, data in enumerate(steps, start=1):
        assert response.headers["Location"].endswith(f"/steg/{number}"), response.headers
        response = _post(
            client, f"/e-tjanster/{service_id}/steg/{number}", {**data, "action": "next"}
        )
        assert response.status_code == 302, response.text[:3000]
    assert response.headers["Location"].endswith("/granska")
    return response


def test_anonymous_fault_report_from_start_to_receipt(client, db, units, page):
    _fill(client, "felanmalan", FAULT_STEPS)
    review = page("/e-tjanster/felanmalan/granska").text
    assert "Lekplatsen i Slottsskogen vid Plikta" in review
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in review
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0  # not sent yet
    sent = _post(client, "/e-tjanster/felanmalan/granska", {})
    number = sent.headers["Location"].rsplit("/", 1)[1]
    receipt = page(f"/kvitto/{number}").text
    assert number in receipt
    assert "/folj/" in receipt  # the anonymous follow link, shown once
    case = db.session.scalar(select(Case))
    assert case.number == number
    assert case.unit.slug == "park-och-natur"  # routed by the category
    assert case.answers["description"] == "Gungan är trasig <script>alert(1)</script>"
    assert "email" not in case.answers  # hidden by wants_reply = no
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_the_follow_link_shows_the_case_and_a_made_up_one_does_not(client, db, units, page):
    _fill(client, "felanmalan", FAULT_STEPS)
    number = (
        _post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"].rsplit("/", 1)[1]
    )
    receipt = client.get(f"/kvitto/{number}").text
    link = receipt.split("/folj/")[1].split("<")[0]
    other = client.application.test_client()
    assert number in page(f"/folj/{link}").text
    assert other.get("/folj/made-up-token").status_code == 404
    assert other.get(f"/kvitto/{number}").status_code == 404  # a receipt is not public


def test_the_follow_link_is_shown_once_as_the_receipt_says(client, db, units, page):
    _fill(client, "felanmalan", FAULT_STEPS)
    number = (
        _post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"].rsplit("/", 1)[1]
    )
    first = page(f"/kvitto/{number}").text
    assert "/folj/" in first and "Den visas bara den här gången" in first
    again = page(f"/kvitto/{number}").text
    assert number in again and "/folj/" not in again
    assert "visades en gång, när du skickade formuläret" in again


def test_each_step_is_validated_with_errors_next_to_the_fields(client, units):
    _start(client, "felanmalan")
    response = _post(client, "/e-tjanster/felanmalan/steg/1", {"action": "next"})
    assert response.status_code == 200
    assert 'id="category-error"' in response.text
    assert "<title>Fel: " in response.text
    assert "Steg 1 av 4" in response.text


def test_later_steps_are_locked_until_earlier_ones_are_done(client, units):
    _start(client, "felanmalan")
    response = client.get("/e-tjanster/felanmalan/steg/3")
    assert response.headers["Location"].endswith("/steg/1")
    assert client.get("/e-tjanster/felanmalan/granska").headers["Location"].endswith("/steg/1")


def test_back_keeps_what_was_typed_even_when_it_is_not_valid_yet(client, units):
    _start(client, "felanmalan")
    _post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    back = _post(
        client,
        "/e-tjanster/felanmalan/steg/2",
        {"location__description": "Halvskriven plats", "action": "back"},
    )
    assert back.headers["Location"].endswith("/steg/1")
    assert re.search(
        r'<input checked[^>]*value="klotter"', client.get("/e-tjanster/felanmalan/steg/1").text
    )
    assert "Halvskriven plats" in client.get("/e-tjanster/felanmalan/steg/2").text


def test_e_id_services_ask_for_log_in_first(client, units):
    response = _start(client, "skolskjuts")
    assert "/logga-in" in response.headers["Location"]


def test_a_logged_in_resident_gets_profile_answers_and_can_resume_later(
    app, client, db, units, login_resident, make_resident
):
    resident = make_resident()
    resident.email, resident.phone = "anna@example.se", "070-123 45 67"
    db.session.commit()
    login_resident()
    _start(client, "skolskjuts")
    step1 = client.get("/e-tjanster/skolskjuts/steg/1").text
    assert 'value="anna@example.se"' in step1
    assert 'value="Anna Andersson"' in step1
    _post(
        client,
        "/e-tjanster/skolskjuts/steg/1",
        {
            "guardian_name": "Anna Andersson",
            "guardian_personnummer": "19900315-2387",
            "guardian_email": "anna@example.se",
            "guardian_phone": "070-123 45 67",
            "action": "next",
        },
    )
    # A new browser session, the same resident: the draft is still there.
    other = app.test_client()
    token = csrf_token(other.get("/logga-in/test").text)
    other.post(
        "/logga-in/test",
        data={
            "csrf_token": token,
            "personnummer": "19900315-2387",
            "given_name": "Anna",
            "family_name": "Andersson",
        },
    )
    resumed = _start(other, "skolskjuts")
    assert resumed.headers["Location"].endswith("/steg/2")


def test_expired_drafts_are_purged(app, db, units):
    service = app.extensions["catalogue"].get("felanmalan")
    with app.test_request_context():
        draft, _token = services.start_draft(service)
    draft.expires_at = utcnow()
    db.session.commit()
    assert services.purge_expired_drafts() == 1
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_draft_sent_twice_at_once_becomes_one_case(app, db, units):
    service = app.extensions["catalogue"].get("felanmalan")
    with app.test_request_context():
        draft, _token = services.start_draft(service)
        draft.answers = {
            "category": "klotter",
            "location": {"description": "Här"},
            "description": "Klotter",
            "wants_reply": "no",
        }
        draft.completed_steps = 4
        db.session.commit()
    draft_id = draft.id
    barrier, outcomes = threading.Barrier(4, timeout=60), []

    def send():
        with app.app_context():
            try:
                barrier.wait()
                mine = db.session.get(Draft, draft_id)
                if mine is None:
                    outcomes.append("gone")
                    return
                services.submit_draft(mine, service)
                outcomes.append("sent")
            except Exception as exc:  # noqa: BLE001 - the losers fail; counted below
                outcomes.append(type(exc).__name__)
            finally:
                db.session.remove()

    workers = [threading.Thread(target=send) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert outcomes.count("sent") == 1, outcomes
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1


def test_a_receipt_is_e_mailed_when_an_address_is_given(client, db, units):
    from eservices.notifications.models import OutboxMessage
    from eservices.notifications.services import text_of

    steps = [*FAULT_STEPS[:3], {"wants_reply": "yes", "name": "Kim", "email": "kim@example.se"}]
    _fill(client, "felanmalan", steps)
    number = (
        _post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"].rsplit("/", 1)[1]
    )
    message = db.session.scalar(select(OutboxMessage))
    assert message.to_address == "kim@example.se"
    assert number in message.subject
    assert "/folj/" in text_of(message)


def test_the_purge_command_deletes_only_expired_drafts(app, db, units):
    service = app.extensions["catalogue"].get("felanmalan")
    with app.test_request_context():
        old, _token = services.start_draft(service)
        services.start_draft(service)
    old.expires_at = utcnow()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["drafts", "purge"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 expired drafts" in result.output
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 1


def test_another_visitor_cannot_reach_an_anonymous_draft(app, client, units):
    _start(client, "felanmalan")
    _post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    _post(
        client,
        "/e-tjanster/felanmalan/steg/2",
        {"location__description": "Halvskriven plats", "action": "back"},
    )
    stranger = app.test_client()
    _start(stranger, "felanmalan")
    response = stranger.get("/e-tjanster/felanmalan/steg/2")
    assert response.headers["Location"].endswith("/steg/1")
    assert "Halvskriven plats" not in stranger.get("/e-tjanster/felanmalan/steg/1").text


def _log_in(client, pnr, given):
    token = csrf_token(client.get("/logga-in/test").text)
    client.post(
        "/logga-in/test",
        data={
            "csrf_token": token,
            "personnummer": pnr,
            "given_name": given,
            "family_name": "Test",
        },
    )


def test_residents_see_neither_each_others_drafts_nor_receipts(app, client, db, units):
    _log_in(client, "19900315-2387", "Anna")
    _fill(client, "felanmalan", FAULT_STEPS)
    number = (
        _post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"].rsplit("/", 1)[1]
    )
    _start(client, "felanmalan")
    _post(client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    other = app.test_client()
    _log_in(other, "19850730-2399", "Erik")
    assert other.get(f"/kvitto/{number}").status_code == 404
    resumed = _start(other, "felanmalan")
    assert resumed.headers["Location"].endswith("/steg/1")  # a fresh draft, not Anna's
    assert "checked" not in other.get("/e-tjanster/felanmalan/steg/1").text
    assert client.get(f"/kvitto/{number}").status_code == 200
