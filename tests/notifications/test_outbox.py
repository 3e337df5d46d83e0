"""E-mail goes through the outbox: nothing is lost while SMTP is down, nothing sent twice."""

import time
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select

from eservices.database import utcnow
from eservices.notifications import services as mail
from eservices.notifications.models import FAILED, SENT, OutboxMessage
from tests.smtp import free_port, start_server


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def app_config(smtp_port):
    return {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port}


def _queue(db, count):
    for n in range(count):
        mail.queue_email(
            to=f"person{n}@example.se",
            template="confirm_email",
            language="sv",
            name=f"Person {n}",
            link_endpoint=("main.index", {}),
        )
    db.session.commit()


def test_smtp_outage_queues_then_delivers_each_message_once(app, db, smtp_port):
    with app.test_request_context():
        _queue(db, 3)
    sent, failed = mail.send_due()
    assert (sent, failed) == (0, 3)  # nobody listens yet
    pending = db.session.scalars(select(OutboxMessage)).all()
    assert all(m.status == "pending" and m.attempts == 1 and m.last_error for m in pending)
    assert mail.send_due() == (0, 0)  # backoff: not due again at once

    controller, collector = start_server(smtp_port)
    try:
        later = utcnow() + timedelta(minutes=5)
        assert mail.send_due(now=later) == (3, 0)
        assert mail.send_due(now=later + timedelta(hours=2)) == (0, 0)
        collector.wait_for(3)
    finally:
        controller.stop()
    assert sorted(e.rcpt_tos[0] for e in collector.messages) == [
        "person0@example.se",
        "person1@example.se",
        "person2@example.se",
    ]
    received = message_from_bytes(collector.messages[0].content, policy=default)
    assert received["Subject"] == "Bekräfta din e-postadress"
    assert all(m.status == SENT for m in db.session.scalars(select(OutboxMessage)))


def test_backoff_grows_and_is_capped(app, db):
    with app.test_request_context():
        _queue(db, 1)
    now = utcnow()
    delays = []
    for _ in range(10):
        mail.send_due(now=now)
        message = db.session.scalar(select(OutboxMessage))
        delays.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    assert delays[0] == timedelta(seconds=30)
    assert delays[1] == timedelta(seconds=60)
    assert delays[-1] == timedelta(hours=1)
    assert db.session.scalar(select(OutboxMessage)).attempts == 10


def test_several_workers_never_send_the_same_message(app, db, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several workers are supported on PostgreSQL (SKIP LOCKED); run one on SQLite")
    import threading

    with app.test_request_context():
        _queue(db, 10)
    delivered, lock = [], threading.Lock()

    def slow_deliver(message):
        time.sleep(0.05)  # long enough for the other workers to look for work meanwhile
        with lock:
            delivered.append(message.id)

    monkeypatch.setattr(mail, "deliver", slow_deliver)

    def worker():
        # A real worker polls until there is nothing left to send.
        with app.app_context():
            while mail.send_due() != (0, 0):
                pass
            db.session.remove()

    workers = [threading.Thread(target=worker) for _ in range(3)]
    for thread in workers:
        thread.start()
        time.sleep(0.02)
    for thread in workers:
        thread.join()
    assert sorted(delivered) == sorted(set(delivered))
    assert len(delivered) == 10


def test_a_message_fails_for_good_after_the_attempt_limit(app, db):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 3
    with app.test_request_context():
        _queue(db, 1)
    now = utcnow()
    for _ in range(3):
        assert mail.send_due(now=now) == (0, 1)  # nobody listens
        now = db.session.scalar(select(OutboxMessage)).next_attempt_at
    message = db.session.scalar(select(OutboxMessage))
    assert (message.status, message.attempts) == (FAILED, 3)
    assert message.failed_at is not None and "ConnectionRefusedError" in message.last_error
    assert mail.send_due(now=now + timedelta(days=1)) == (0, 0)  # not tried again
    assert db.session.scalar(select(OutboxMessage)).attempts == 3
