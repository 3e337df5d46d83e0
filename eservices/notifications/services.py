"""Queueing e-mail in the outbox and sending what is due."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from eservices import crypto
from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from eservices.queueing import backoff, each_due
from eservices.security import public_url

log = logging.getLogger("eservices.mail")

# Where the link goes in a stored body. The link is put in only when the e-mail is sent.
LINK_PLACEHOLDER = "\u27e6link\u27e7"


def queue_email(*, to, template, language="sv", link_endpoint=None, **context):
    """Render `templates/email/<template>.txt` in `language` and add it to the outbox.

    The link (``link_endpoint``: endpoint and values) is stored encrypted apart from the
    text, and only until the e-mail is sent: many links are bearer secrets (a follow link,
    an invitation, an address confirmation), and a dump of the outbox must open nothing.
    The caller's transaction commits it together with the change that caused it.
    """
    link = None
    with force_locale(language):
        if link_endpoint is not None:
            endpoint, values = link_endpoint
            link = public_url(endpoint, **values)
            context["link"] = LINK_PLACEHOLDER
        context.setdefault("municipality", current_app.config["MUNICIPALITY_NAME"])
        text = render_template(f"email/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    message = OutboxMessage(
        to_address=to,
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        link_encrypted=crypto.encrypt(link) if link else None,
    )
    db.session.add(message)
    return message


def text_of(message):
    """The body as it is sent, with its link; once sent, the link is no longer there."""
    if message.link_encrypted is None:
        return message.body_text
    return message.body_text.replace(LINK_PLACEHOLDER, crypto.decrypt(message.link_encrypted))


def send_due(limit=50, now=None):
    """Send due messages; failures are retried later with exponential backoff, until
    OUTBOX_MAX_ATTEMPTS have failed and the message is marked failed for staff to see.

    Returns (sent, failed). Each message is claimed, sent and marked in a transaction of
    its own, with SKIP LOCKED on PostgreSQL: a commit releases only the row it settled, so
    several workers never send the same message.
    """
    now = now or utcnow()
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
    )
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    sent = failed = 0
    for message in each_due(query, limit):
        message.attempts += 1
        try:
            deliver(message)
        except (OSError, smtplib.SMTPException, ValueError) as exc:
            # ValueError: an address the mail library refuses, or a link no key decrypts.
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = now + backoff(message.attempts)
            if message.attempts >= max_attempts:
                message.status, message.failed_at = FAILED, utcnow()
                log.warning("E-mail %s failed for good: %s", message.id, message.last_error)
            failed += 1
        else:
            message.status = SENT
            message.sent_at = utcnow()
            message.last_error = None
            # Sent: the link has done its work and is not kept (it may be a bearer secret).
            message.link_encrypted = None
            sent += 1
        db.session.commit()
    return sent, failed


def failed_messages():
    """A select() of the messages that failed for good, the latest first."""
    return (
        select(OutboxMessage)
        .where(OutboxMessage.status == FAILED)
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
    )


def failed_count():
    """How many messages failed for good."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == FAILED)
    )


def retry(message, *, actor):
    """Put a failed message back in the queue, to be sent at once with a fresh set of
    attempts (once the address is fixed, or the mail server is back)."""
    with transaction():
        message.status = PENDING
        message.attempts = 0
        message.next_attempt_at = utcnow()
        message.failed_at = None
        audit.record("outbox.retry_requested", message, actor=actor)


def deliver(message):
    """Hand one message to the configured backend (SMTP, or the log in development)."""
    config = current_app.config
    if config["MAIL_BACKEND"] == "log":
        log.info(
            "E-mail to %s\nSubject: %s\n\n%s",
            message.to_address,
            message.subject,
            text_of(message),
        )
        return
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@{config['MAIL_FROM'].partition('@')[2]}>"
    email.set_content(text_of(message))
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)
