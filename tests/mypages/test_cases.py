"""Mina sidor: my cases, what is new, answering a completion request, and nobody else's."""

import io

import pytest
from sqlalchemy import select

from eservices.attachments.models import Attachment
from eservices.cases import workflow
from eservices.cases.models import CaseMessage
from tests.conftest import check_page, csrf_token
from tests.fault_report import png
from tests.resident_cases import outbox, write


def _answer(client, number, body="", files=()):
    page = client.get(f"/mina-sidor/arenden/{number}")
    data = {"csrf_token": csrf_token(page.text), "body": body}
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(
        f"/mina-sidor/arenden/{number}/svar", data=data, content_type="multipart/form-data"
    )


def test_my_cases_list_status_and_the_latest_event(own_case, resident_client):
    page = resident_client.get("/mina-sidor/arenden")
    check_page(page)
    assert own_case.number in page.text
    assert "Mottaget" in page.text
    assert "Vi har tagit emot ditt ärende" in page.text
    overview = resident_client.get("/mina-sidor/")
    check_page(overview)
    assert own_case.number in overview.text


def test_a_request_waiting_for_the_resident_comes_first_however_many_newer_cases(
    make_case, resident, handler_client, resident_client
):
    asked = make_case(applicant=resident, description="Det här behöver ett svar")
    write(handler_client, asked.number, "completion_request", "Var är det?")
    newer = [make_case(applicant=resident) for _ in range(4)]
    for path in ("/mina-sidor/", "/mina-sidor/arenden"):
        page = resident_client.get(path)
        check_page(page)
        main = page.text.split("<main", 1)[1]
        # Above the list of cases, on the overview that shows only the three newest too.
        assert main.index("Ett ärende behöver ditt svar") < main.index(newer[-1].number)
        assert f'href="/mina-sidor/arenden/{asked.number}#request-heading"' in main


def test_a_resident_with_no_cases_is_shown_where_to_start(resident_client):
    page = resident_client.get("/mina-sidor/arenden")
    check_page(page)
    assert "/e-tjanster/" in page.text


def test_the_resident_answers_a_completion_request_with_text_and_a_file(
    db, own_case, handler, handler_client, resident_client
):
    write(handler_client, own_case.number, "completion_request", "Skicka en bild, tack.")
    page = resident_client.get(f"/mina-sidor/arenden/{own_case.number}")
    check_page(page)
    assert "Skicka en bild, tack." in page.text
    assert "Vi behöver mer information" in page.text
    assert "Ditt svar behövs" in resident_client.get("/mina-sidor/arenden").text

    response = _answer(
        resident_client, own_case.number, "Här är bilden.", [("klotter.png", png())]
    )
    assert response.status_code == 302
    db.session.refresh(own_case)
    assert own_case.status == workflow.IN_PROGRESS
    assert own_case.paused_at is None and own_case.resident_replied_at is not None
    reply = db.session.scalar(select(CaseMessage).where(CaseMessage.kind == "reply"))
    assert reply.body == "Här är bilden."
    file = db.session.scalar(select(Attachment).where(Attachment.message_id == reply.id))
    assert file.case_id == own_case.id and file.filename == "klotter.png"

    # Back in the queue, marked, and the handler is told by e-mail.
    queue = handler_client.get("/handlaggning/").text
    assert own_case.number in queue and "Svar inkommet" in queue
    assert outbox(db)[-1].to_address == handler.login_email
    case_page = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert "Här är bilden." in case_page and "klotter.png" in case_page
    assert handler_client.get(f"/bilagor/{file.public_id}").status_code == 200
    assert resident_client.get(f"/bilagor/{file.public_id}").status_code == 200
    # The mark goes once the handler acts on the case.
    write(handler_client, own_case.number, "message", "Tack, vi har fått bilden.")
    assert "Svar inkommet" not in handler_client.get("/handlaggning/").text


def test_an_empty_answer_is_refused_next_to_the_field(
    db, own_case, handler_client, resident_client
):
    write(handler_client, own_case.number, "completion_request", "Bild, tack.")
    response = _answer(resident_client, own_case.number, "   ")
    check_page(response, status=400)
    assert "<title>Fel: " in response.text and 'id="body-error"' in response.text
    db.session.refresh(own_case)
    assert own_case.status == workflow.AWAITING_INFO


def test_a_wrong_file_is_named_and_the_text_is_kept(db, own_case, handler_client, resident_client):
    write(handler_client, own_case.number, "completion_request", "Bild, tack.")
    response = _answer(
        resident_client,
        own_case.number,
        "Mitt långa svar.",
        [("virus.exe", b"MZ\x90\x00" + b"\x00" * 200)],
    )
    check_page(response, status=400)
    assert "virus.exe" in response.text and 'id="files-error"' in response.text
    assert "Mitt långa svar." in response.text
    assert not db.session.scalars(select(Attachment)).all()
    assert not db.session.scalar(select(CaseMessage).where(CaseMessage.kind == "reply"))


def test_there_is_nothing_to_answer_without_a_request(db, own_case, resident_client):
    response = _answer(resident_client, own_case.number, "Hej")
    assert response.status_code == 400
    assert not db.session.scalar(select(CaseMessage).where(CaseMessage.kind == "reply"))


def test_an_anonymous_applicant_answers_through_the_follow_link(app, db, units, handler_client):
    from eservices.crypto import token_hash
    from eservices.submissions.cases import submit_case

    answers = {
        "category": "klotter",
        "location": {"description": "Här", "lat": None, "lng": None},
        "description": "Klotter",
        "wants_reply": "no",
    }
    with app.test_request_context():
        case = submit_case(
            app.extensions["catalogue"].get("felanmalan"),
            answers,
            follow_token_hash=token_hash("hemlig-lank-123"),
        )
    write(handler_client, case.number, "completion_request", "Var exakt?")
    visitor = app.test_client()
    page = visitor.get("/folj/hemlig-lank-123")
    check_page(page)
    assert "Var exakt?" in page.text
    response = visitor.post(
        "/folj/hemlig-lank-123/svar",
        data={"csrf_token": csrf_token(page.text), "body": "Vid entrén."},
    )
    assert response.status_code == 302
    assert "Vid entrén." in handler_client.get(f"/handlaggning/arenden/{case.number}").text
    assert app.test_client().get("/folj/fel-lank").status_code == 404


# --- Nobody else's ----------------------------------------------------------------------


@pytest.fixture
def other_residents_case(make_case, make_resident):
    bertil = make_resident(pnr="19811218-9876", given_name="Bertil", family_name="Berg")
    return make_case(applicant=bertil, description="Bertils klotter")


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/mina-sidor/arenden/{number}"),
        ("post", "/mina-sidor/arenden/{number}/svar"),
        ("get", "/kvitto/{number}"),
        ("get", "/kvitto/{number}.pdf"),
    ],
)
def test_a_resident_cannot_reach_another_residents_case(
    own_case, other_residents_case, resident_client, method, path
):
    own = resident_client.get("/mina-sidor/arenden")
    url = path.format(number=other_residents_case.number)
    data = {"csrf_token": csrf_token(own.text), "body": "x"} if method == "post" else None
    response = getattr(resident_client, method)(url, data=data)
    assert response.status_code == 404
    assert "Bertil" not in response.text
    assert other_residents_case.number not in resident_client.get("/mina-sidor/arenden").text


@pytest.mark.parametrize("number", ["2026-000000", "2099-999999", "../../admin", "x" * 300])
def test_guessed_case_numbers_are_not_found(own_case, resident_client, number):
    assert resident_client.get(f"/mina-sidor/arenden/{number}").status_code == 404


def test_another_residents_reply_file_is_not_served(
    db, app, other_residents_case, handler, resident_client
):
    from eservices.cases import messages

    messages.write(other_residents_case, "completion_request", "Bild?", actor=handler)

    class Upload:
        filename = "bertil.png"
        stream = io.BytesIO(png())

    messages.reply(
        other_residents_case, "Här", [Upload()], resident=other_residents_case.applicant
    )
    file = db.session.scalar(select(Attachment).where(Attachment.message_id.is_not(None)))
    assert resident_client.get(f"/bilagor/{file.public_id}").status_code == 404


@pytest.mark.parametrize("path", ["/mina-sidor/arenden", "/mina-sidor/utkast"])
def test_staff_and_anonymous_visitors_cannot_use_my_pages(app, handler, client, path):
    assert client.get(path).status_code == 302
    from tests.conftest import staff_client

    assert staff_client(app, handler).get(path).status_code == 403


# --- Drafts and e-mail choices ----------------------------------------------------------


def test_unsent_forms_are_listed_with_a_way_to_go_on(resident_client):
    start = resident_client.get("/e-tjanster/felanmalan")
    resident_client.post(
        "/e-tjanster/felanmalan/ansok", data={"csrf_token": csrf_token(start.text)}
    )
    page = resident_client.get("/mina-sidor/utkast")
    check_page(page)
    assert "Felanmälan" in page.text
    assert 'action="/e-tjanster/felanmalan/ansok"' in page.text
    assert "utkast" in resident_client.get("/mina-sidor/").text.lower()


def test_the_resident_chooses_which_e_mail_to_get(db, resident, resident_client):
    page = resident_client.get("/mina-sidor/profil")
    response = resident_client.post(
        "/mina-sidor/profil",
        data={
            "csrf_token": csrf_token(page.text),
            "email": "anna@example.se",
            "notify_messages": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(resident)
    assert (resident.notify_status, resident.notify_messages) == (False, True)
    assert "Bara meddelanden" in resident_client.get("/mina-sidor/").text
