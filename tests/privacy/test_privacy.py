"""A resident reads and downloads all their data, and removes their account."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.accounts.models import LoginSession, User
from eservices.attachments import services as attachments
from eservices.attachments.models import Attachment
from eservices.audit.models import AuditEvent
from eservices.cases.models import NOTE, REPLY, TO_RESIDENT, Case, CaseEvent, CaseMessage
from eservices.database import SWEDEN, transaction
from eservices.submissions import services as submissions
from eservices.submissions.models import Draft
from tests.conftest import check_page, csrf_token, post_form, staff_client
from tests.fault_report import png

ANNA = "19900315-2387"
ERIK = "19850730-2399"
PAGE = "/mina-sidor/mina-uppgifter/"
EXPORT = "/mina-sidor/mina-uppgifter/export.json"
REMOVE = "/mina-sidor/mina-uppgifter/ta-bort"
ARCHIVE_TEXT = "public record (allmän handling)"


@pytest.fixture
def english(client):
    """Pages in English, the source language: these tests read the untranslated texts."""
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def anna(make_resident, login_resident, english):
    """Anna, logged in, with contact details."""
    user = make_resident(ANNA, "Anna", "Andersson")
    login_resident(ANNA)
    with transaction():
        user.email, user.phone, user.city = "anna@example.se", "070-123 45 67", "Göteborg"
    return user


def _message(db, case, kind, body):
    with transaction():
        message = CaseMessage(case_id=case.id, kind=kind, body=body)
        db.session.add(message)
    return message


def _draft_with_photo(app, user, name="elskap.png"):
    """A fault report draft of ``user`` with one photo in the attachment store."""
    service = app.extensions["catalogue"].get("felanmalan")
    with app.test_request_context():
        draft, _token = submissions.start_draft(service, user=user)
        with transaction():
            photo = attachments.store(
                service.field("photos"), name, png(), "image/png", draft=draft, uploaded_by=user
            )
            draft.answers = {**draft.answers, "category": "klotter", "photos": [photo.public_id]}
    return draft, photo


def _stored(app, key):
    return Path(app.config["ATTACHMENTS_DIR"], key[:2], key)


@pytest.fixture
def annas_data(app, db, anna, make_resident, make_case):
    """Anna's case with messages, a note and files; her draft; Erik's case beside them."""
    case = make_case(applicant=anna, description="Klotter på Annas skola")
    _message(db, case, TO_RESIDENT[0], "Vi tar bort klottret i veckan.")
    _message(db, case, REPLY, "Tack, det sitter på norra väggen.")
    note = _message(db, case, NOTE, "Internt: ring fastighetsägaren")
    with transaction():
        for name, message_id in (("fasad.pdf", None), ("intern.pdf", note.id)):
            db.session.add(
                Attachment(
                    public_id=f"id-{name}",
                    case_id=case.id,
                    field_id="photos",
                    filename=name,
                    content_type="application/pdf",
                    size=2048,
                    sha256="0" * 64,
                    storage_key=f"key-{name}",
                    scan_status="not_scanned",
                    message_id=message_id,
                )
            )
        case.answers = {**case.answers, "photos": ["id-fasad.pdf"]}
    draft, photo = _draft_with_photo(app, anna)
    erik = make_resident(ERIK, "Erik", "Johansson")
    other = make_case(applicant=erik, description="Eriks trasiga gatlykta")
    _message(db, other, TO_RESIDENT[0], "Hej Erik")
    return {"case": case, "draft": draft, "photo": photo, "other": other, "erik": erik}


# --- Reading and downloading ------------------------------------------------------------


def test_the_export_holds_the_residents_own_data_and_nothing_else(client, db, anna, annas_data):
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="mina-uppgifter-{datetime.now(SWEDEN).date().isoformat()}' in disposition
    text = response.get_data(as_text=True)
    assert "Klotter på Annas skola" in text  # written as UTF-8, not \u escapes
    data = json.loads(text)

    assert data["format_version"] == 1
    assert datetime.fromisoformat(data["generated_at"]).utcoffset() is not None
    assert data["account"]["personnummer"] == ANNA
    assert data["account"]["email"] == "anna@example.se"
    assert data["login_sessions"][0]["method"] and data["login_sessions"][0]["ended_at"] is None

    [case] = data["cases"]
    assert case["number"] == annas_data["case"].number
    assert case["service"] == {"id": "felanmalan", "title": "Report a fault"}
    assert case["status"] == {"code": "received", "label": "Received"}
    answers = {answer["label"]: answer["text"] for answer in case["answers"]}
    assert answers["Description"] == "Klotter på Annas skola"
    assert answers["What is the fault about?"] == "Graffiti or vandalism"
    assert answers["Photos"] == "fasad.pdf"
    assert [file["name"] for file in case["attachments"]] == ["fasad.pdf"]
    assert [message["body"] for message in case["messages"]] == [
        "Vi tar bort klottret i veckan.",
        "Tack, det sitter på norra väggen.",
    ]
    # The timeline in the words of the resident's own page.
    received = case["timeline"][0]
    assert (received["kind"], received["label"]) == ("received", "We received your case")
    assert case["retention"]["anonymise_after_days"] == 730

    [draft] = data["drafts"]
    assert draft["service"]["title"] == "Report a fault"
    assert [file["name"] for file in draft["attachments"]] == ["elskap.png"]
    assert {answer["label"]: answer["text"] for answer in draft["answers"]}[
        "Photos"
    ] == "elskap.png"
    assert "login.success" in {event["action"] for event in data["activity"]}

    for secret in ("Internt", "intern.pdf", "Erik", "Eriks trasiga gatlykta", ERIK):
        assert secret not in text
    exported = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "privacy.exported")
    )
    assert [event.actor_id for event in exported] == [anna.id]


def test_the_readable_page_lists_the_same_data_and_says_cases_are_kept(client, anna, annas_data):
    response = client.get(PAGE)
    check_page(response)
    text = response.text
    assert "<h1>Your data</h1>" in text
    for shown in (
        ANNA,
        "anna@example.se",
        annas_data["case"].number,
        "Klotter på Annas skola",
        "Graffiti or vandalism",
        "fasad.pdf",
        "Vi tar bort klottret i veckan.",
        "Tack, det sitter på norra väggen.",
        "elskap.png",
        "Logged in",
    ):
        assert shown in text, shown
    for hidden in ("Internt", "intern.pdf", "Eriks trasiga gatlykta", annas_data["other"].number):
        assert hidden not in text, hidden
    assert ARCHIVE_TEXT in text and "disposal rules (gallring)" in text
    assert "not deleted because someone asks" in text
    assert f'href="{EXPORT}"' in text and f'href="{REMOVE}"' in text


def test_a_resident_without_cases_sees_empty_sections(client, anna):
    text = client.get(PAGE).text
    assert "You have not sent any cases while logged in." in text
    assert "You have no drafts." in text
    assert json.loads(client.get(EXPORT).text)["cases"] == []


# --- Removing the account ---------------------------------------------------------------


def test_the_removal_page_explains_what_happens(page, anna):
    text = page(REMOVE).text
    assert "You are logged out at once" in text
    assert "Your drafts, and the files in them, are deleted at once." in text
    assert "Cases that are still open keep being handled." in text
    assert "If you log in with e-ID later, you get a new, empty account." in text
    assert ARCHIVE_TEXT in text


def test_removal_without_the_box_ticked_shows_the_error_and_changes_nothing(
    client, db, anna, annas_data
):
    response = post_form(client, REMOVE, {})
    check_page(response)
    assert "<title>Error: Remove your account" in response.text
    assert 'id="confirm-error"' in response.text
    assert "Tick the box to confirm that your account is removed." in response.text
    db.session.expire_all()
    user = db.session.get(User, anna.id)
    assert (user.is_active, user.given_name, user.email) == (True, "Anna", "anna@example.se")
    assert db.session.get(Draft, annas_data["draft"].id) is not None
    assert client.get(PAGE).status_code == 200


def test_removal_clears_the_account_and_keeps_the_cases(
    app, client, db, anna, annas_data, login_resident
):
    other_browser = app.test_client()
    post_form(
        other_browser,
        "/logga-in/test",
        {"personnummer": ANNA, "given_name": "Anna", "family_name": "Andersson"},
    )
    erik_client = app.test_client()
    post_form(
        erik_client,
        "/logga-in/test",
        {"personnummer": ERIK, "given_name": "Erik", "family_name": "Johansson"},
    )
    photo_id, photo_file = annas_data["photo"].id, _stored(app, annas_data["photo"].storage_key)
    assert photo_file.exists()

    response = post_form(client, REMOVE, {"confirm": "y"})

    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Your account is removed and you are logged out." in client.get("/").text
    assert client.get(PAGE).status_code == 302
    assert other_browser.get(PAGE).status_code == 302
    assert erik_client.get(PAGE).status_code == 200

    db.session.expire_all()
    user = db.session.get(User, anna.id)
    assert not user.is_active and user.removed_at is not None
    assert (user.given_name, user.family_name) == ("", "")
    assert None is user.pnr_hash is user.pnr_encrypted is user.pnr_masked
    assert None is user.email is user.phone is user.street_address is user.city
    assert not user.notify_status and not user.notify_messages
    open_sessions = select(func.count()).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    assert db.session.scalar(open_sessions) == 0
    assert db.session.scalar(select(Draft).where(Draft.user_id == user.id)) is None
    assert db.session.get(Attachment, photo_id) is None
    assert not photo_file.exists()

    case = db.session.get(Case, annas_data["case"].id)
    assert case.applicant_id is None and case.answers["description"] == "Klotter på Annas skola"
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id))
    assert "applicant_account_removed" in list(kinds)
    assert db.session.get(Case, annas_data["other"].id).applicant_id == annas_data["erik"].id
    [removed] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.removed")
    )
    assert (removed.actor_id, removed.object_id) == (anna.id, str(anna.id))

    # The same e-ID later makes a fresh, empty account.
    login_resident(ANNA)
    fresh = accounts.find_resident(parsers.parse_personnummer(ANNA))
    assert fresh.id != anna.id and fresh.is_active and fresh.email is None
    data = json.loads(client.get(EXPORT).text)
    assert data["cases"] == [] and data["drafts"] == []
    assert data["account"]["personnummer"] == ANNA


# --- Who may come in --------------------------------------------------------------------


@pytest.mark.parametrize("url", [PAGE, EXPORT, REMOVE])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/logga-in")


@pytest.mark.parametrize("url", [PAGE, EXPORT, REMOVE])
def test_staff_are_refused(app, make_staff, url):
    client = staff_client(app, make_staff(role="admin"))
    assert client.get(url).status_code == 403


def test_staff_cannot_post_a_removal(app, db, make_staff):
    staff = make_staff(role="handler")
    client = staff_client(app, staff)
    token = csrf_token(client.get("/personal/konto").text)
    assert client.post(REMOVE, data={"csrf_token": token, "confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, staff.id).is_active


def test_a_closed_case_says_when_its_personal_data_is_anonymised(client, db, anna, make_case):
    case = make_case(applicant=anna)
    with transaction():
        case.status, case.closed_at = "closed", datetime(2026, 1, 10, 12, tzinfo=SWEDEN)
    data = json.loads(client.get(EXPORT).text)
    assert data["cases"][0]["retention"]["anonymise_from"].startswith("2028-01-10")
    assert "is anonymised from 10 January 2028, 730 days after" in client.get(PAGE).text
