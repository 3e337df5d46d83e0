"""E-mail that failed every attempt is listed for administrators, who can send it again."""

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.notifications import services as mail
from eservices.notifications.models import FAILED, PENDING, OutboxMessage
from tests.conftest import csrf_token
from tests.smtp import free_port, start_server


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def app_config(smtp_port):
    return {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "OUTBOX_MAX_ATTEMPTS": 1,
    }


@pytest.fixture
def failed(app, db):
    """An address confirmation that the mail server never accepted."""
    with app.test_request_context():
        mail.queue_email(
            to="asa@example.se",
            template="confirm_email",
            name="Åsa",
            link_endpoint=("accounts.confirm_email", {"token": "bekrafta-123"}),
        )
        db.session.commit()
    assert mail.send_due() == (0, 1)  # nobody listens
    return db.session.scalar(select(OutboxMessage))


def test_the_administrator_sees_a_failed_e_mail_and_sends_it_again(
    app, client, db, make_staff, login_staff, page, failed, smtp_port
):
    admin = make_staff(role="admin")
    login_staff(admin)
    start = page("/admin/").text
    assert "1 e-postmeddelande kunde inte skickas" in start
    listing = page("/admin/e-post").text
    assert "asa@example.se" in listing and "Bekräfta din e-postadress" in listing
    assert "ConnectionRefusedError" in listing
    assert "Efter 1 misslyckat försök visas det här" in listing

    response = client.post(
        f"/admin/e-post/{failed.id}/skicka-igen", data={"csrf_token": csrf_token(listing)}
    )
    assert response.status_code == 302
    assert "Inga e-postmeddelanden" in page("/admin/e-post").text
    db.session.expire_all()
    message = db.session.get(OutboxMessage, failed.id)
    assert (message.status, message.attempts) == (PENDING, 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("outbox.%")))
    assert (event.action, event.actor_id) == ("outbox.retry_requested", admin.id)

    controller, collector = start_server(smtp_port)
    try:
        assert mail.send_due(now=utcnow()) == (1, 0)
        collector.wait_for(1)
    finally:
        controller.stop()
    assert b"/bekrafta-e-post/bekrafta-123" in collector.messages[0].content


def test_the_list_is_in_english_too(client, make_staff, login_staff, page, failed):
    login_staff(make_staff(role="admin"))
    token = csrf_token(client.get("/").text)
    client.post("/sprak", data={"lang": "en", "next": "/", "csrf_token": token})
    assert "1 e-mail failed" in page("/admin/").text
    listing = page("/admin/e-post").text
    assert "<h1>E-mail that could not be sent</h1>" in listing
    assert "After 1 failed attempt it is listed here" in listing


def test_only_a_failed_e_mail_can_be_sent_again(client, db, make_staff, login_staff, failed):
    login_staff(make_staff(role="admin"))
    listing = client.get("/admin/e-post").text
    failed.status = PENDING  # already back in the queue
    db.session.commit()
    response = client.post(
        f"/admin/e-post/{failed.id}/skicka-igen", data={"csrf_token": csrf_token(listing)}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["handler", "manager", "moderator"])
def test_other_staff_cannot_see_the_list(client, make_staff, login_staff, failed, role):
    login_staff(make_staff(role=role))
    assert client.get("/admin/e-post").status_code == 403
    assert client.post(f"/admin/e-post/{failed.id}/skicka-igen").status_code in (400, 403)
    assert failed.status == FAILED
