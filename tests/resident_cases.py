"""A resident with an e-mail address, their case in a handler's queue, and both logged in."""

import pytest

from tests.conftest import csrf_token, staff_client


@pytest.fixture
def resident(db, make_resident):
    """Anna, who wants e-mail about her cases."""
    user = make_resident()
    user.email = "anna@example.se"
    db.session.commit()
    return user


@pytest.fixture
def own_case(make_case, resident):
    """A fault report Anna sent, waiting in the felanmalan unit's queue."""
    return make_case(applicant=resident)


@pytest.fixture
def handler_client(app, handler):
    """The felanmalan unit's handler, logged in."""
    return staff_client(app, handler)


@pytest.fixture
def resident_client(client, login_resident, resident):
    """Anna, logged in with the test e-ID."""
    login_resident()
    return client


def act(client, number, action, data=None):
    """POST a case-page action as the handler would, with the page's CSRF token."""
    page = client.get(f"/handlaggning/arenden/{number}")
    return client.post(
        f"/handlaggning/arenden/{number}/{action}",
        data={"csrf_token": csrf_token(page.text), **(data or {})},
    )


def write(client, number, kind, body):
    """The handler writes a note, a message or a completion request."""
    return act(client, number, "skriv", {"write-kind": kind, "write-body": body})


def outbox(db):
    """The e-mail waiting to be sent, oldest first."""
    from sqlalchemy import select

    from eservices.notifications.models import OutboxMessage

    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
