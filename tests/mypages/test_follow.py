"""The follow link of an applicant without an account: what counts as having read it."""

import pytest
from sqlalchemy import select

from eservices.cases.models import CaseMessage
from eservices.crypto import token_hash
from tests.conftest import check_page, csrf_token
from tests.resident_cases import write

LINK = "/folj/hemlig-lank-123"


@pytest.fixture
def followed_case(make_case, handler_client):
    """An anonymous fault report with a follow link, and a message from the handler."""
    case = make_case(follow_token_hash=token_hash("hemlig-lank-123"))
    write(handler_client, case.number, "message", "Vi tar bort klottret i morgon.")
    return case


def _read_at(db):
    db.session.expire_all()
    return db.session.scalar(select(CaseMessage.read_at).where(CaseMessage.kind == "message"))


def _handler_sees_it_read(handler_client, case):
    page = handler_client.get(f"/handlaggning/arenden/{case.number}").text
    return "Läst av den sökande" in page


def test_opening_the_link_does_not_mark_the_message_read(app, db, followed_case, handler_client):
    # A mail scanner opens every link in the receipt before the resident does.
    for _ in range(2):
        page = app.test_client().get(LINK)
        check_page(page)
        assert "Vi tar bort klottret i morgon." in page.text
        assert "Ny" in page.text
    assert _read_at(db) is None
    assert not _handler_sees_it_read(handler_client, followed_case)


def test_the_applicant_marks_the_messages_read(app, db, followed_case, handler_client):
    visitor = app.test_client()
    page = visitor.get(LINK)
    assert f'action="{LINK}/last"' in page.text and "Markera som läst" in page.text
    assert visitor.post(f"{LINK}/last").status_code == 400  # no CSRF token: nothing happens
    assert _read_at(db) is None
    response = visitor.post(f"{LINK}/last", data={"csrf_token": csrf_token(page.text)})
    assert response.headers["Location"] == LINK
    assert _read_at(db) is not None
    assert _handler_sees_it_read(handler_client, followed_case)
    after = visitor.get(LINK)
    check_page(after)
    assert f'action="{LINK}/last"' not in after.text  # nothing new left to mark


def test_answering_a_request_marks_what_was_sent_read(app, db, followed_case, handler_client):
    write(handler_client, followed_case.number, "completion_request", "Var exakt?")
    visitor = app.test_client()
    page = visitor.get(LINK)
    assert _read_at(db) is None
    visitor.post(f"{LINK}/svar", data={"csrf_token": csrf_token(page.text), "body": "Vid entrén."})
    assert _read_at(db) is not None
    assert _handler_sees_it_read(handler_client, followed_case)
