"""Links in e-mail are bearer secrets: a dump of the outbox opens nothing, before or after
the e-mail is sent, while the e-mail itself still carries a working link."""

import re
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select, text

from eservices.accounts.models import User
from eservices.notifications import services as mail
from eservices.notifications.models import OutboxMessage
from tests.conftest import csrf_token, post_form
from tests.fault_report import PHOTO_STEP, png, post, upload
from tests.smtp import free_port, start_server


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def app_config(smtp_port):
    return {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port}


@pytest.fixture
def smtp(smtp_port):
    controller, collector = start_server(smtp_port)
    yield collector
    controller.stop()


def dump(db):
    """Every column of every outbox row, as a database dump would hold it."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM outbox_messages")).all()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


def sent_link(collector, path):
    """The link under ``path`` in the one e-mail the SMTP server caught."""
    assert mail.send_due() == (1, 0)
    collector.wait_for(1)
    [envelope] = collector.messages
    body = message_from_bytes(envelope.content, policy=default).get_content()
    match = re.search(rf"https?://\S+({re.escape(path)}\S+)", body)
    assert match, body
    return match.group(1)


def secret_of(link):
    return link.rstrip("/").rsplit("/", 1)[1]


def assert_nothing_left(db, secret):
    after = dump(db)
    assert secret not in after
    assert db.session.scalars(select(OutboxMessage.link_encrypted)).all() == [None]


def test_the_follow_link_of_a_receipt(app, db, at_photo_step, smtp):
    client = at_photo_step
    upload(client, ("lekplats.png", png()))
    step4 = {"wants_reply": "yes", "name": "Kim", "email": "kim@example.se", "action": "next"}
    post(client, PHOTO_STEP.replace("3", "4"), step4)
    post(client, "/e-tjanster/felanmalan/granska", {})
    before = dump(db)

    link = sent_link(smtp, "/folj/")
    assert secret_of(link) not in before
    assert_nothing_left(db, secret_of(link))
    page = app.test_client().get(link)
    assert page.status_code == 200
    assert "Klotter på elskåpet" in page.text


def test_a_staff_invitation(app, db, make_staff, smtp):
    newcomer = make_staff(role="handler", password=None)  # invited by e-mail
    before = dump(db)

    link = sent_link(smtp, "/personal/satt-losenord/")
    assert secret_of(link) not in before
    assert_nothing_left(db, secret_of(link))
    response = post_form(
        app.test_client(), link, {"password": "tre ord som minns", "confirm": "tre ord som minns"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, newcomer.id).password_hash is not None


def test_an_address_confirmation(client, db, login_resident, smtp):
    login_resident()
    post_form(client, "/mina-sidor/profil", {"email": "anna@example.se"})
    anna = db.session.scalar(select(User).where(User.email == "anna@example.se"))
    before = dump(db)

    link = sent_link(smtp, "/bekrafta-e-post/")
    assert secret_of(link) not in before
    assert_nothing_left(db, secret_of(link))
    page = client.get(link)
    client.post(link, data={"csrf_token": csrf_token(page.text)})
    db.session.expire_all()
    assert db.session.get(User, anna.id).email_confirmed_at is not None


def test_a_link_is_put_in_only_when_sent_and_the_text_is_kept(app, db, smtp):
    with app.test_request_context():
        mail.queue_email(
            to="kim@example.se",
            template="confirm_email",
            name="Kim",
            link_endpoint=("accounts.confirm_email", {"token": "hemlig-bekraftelse"}),
        )
        db.session.commit()
    assert "hemlig-bekraftelse" not in dump(db)
    assert sent_link(smtp, "/bekrafta-e-post/") == "/bekrafta-e-post/hemlig-bekraftelse"
    message = db.session.scalar(select(OutboxMessage))
    assert "Bekräfta" in message.subject and "Kim" in message.body_text
