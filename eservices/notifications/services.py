"""Queueing e-mail in the outbox and sending what is due."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from eservices.database import utcnow
from eservices.extensions import db
from eservices.notifications.models import PENDING, SENT, OutboxMessage
from eservices.queueing import backoff, each_due

log = logging.getLogger("eservices.mail")


def queue_email(*, to, template, language="sv", link_endpoint=None, **context):
    """Render `templates/email/<template>.txt` in `language` and add it to the outbox.

    The caller's transaction commits it together with the change that caused it.
    """
    with force_locale(language):
        if link_endpoint is not None:
            endpoint, values = link_endpoint
            context["link"] = absolute_url(endpoint, **values)
        context.setdefault("municipality", current_app.config["MUNICIPALITY_NAME"])
        text = render_template(f"email/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    message = OutboxMessage(to_address=to, subject=subject.strip(), body_text=body.strip() + "\n")
    db.session.add(message)
    return message


def absolute_url(endpoint, **values):
    """A full URL for links in e-mail and webhooks, from BASE_URL (no request needed)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    # The URL map alone builds the path, so workers outside any request can link too.
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def send_due(limit=50, now=None):
    """Send due messages; failures are retried later with exponential backoff.

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
    sent = failed = 0
    for message in each_due(query, limit):
        try:
            deliver(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = now + backoff(message.attempts)
            failed += 1
        else:
            message.attempts += 1
            message.status = SENT
            message.sent_at = utcnow()
            message.last_error = None
            sent += 1
        db.session.commit()
    return sent, failed


def deliver(message):
    """Hand one message to the configured backend (SMTP, or the log in development)."""
    config = current_app.config
    if config["MAIL_BACKEND"] == "log":
        log.info(
            "E-mail to %s\nSubject: %s\n\n%s",
            message.to_address,
            message.subject,
            message.body_text,
        )
        return
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@{config['MAIL_FROM'].partition('@')[2]}>"
    email.set_content(message.body_text)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)
