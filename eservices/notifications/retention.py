"""Gallring of the outbox: e-mail sent long ago is deleted by the daily retention run.

A sent e-mail is a transport copy (an address and a text), not a record: the case is the
record. E-mail not yet sent, however old, is kept and retried; e-mail that failed for good
goes as long after it failed as sent e-mail goes after it was sent.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select

from eservices.database import transaction
from eservices.extensions import db
from eservices.notifications.models import FAILED, SENT, OutboxMessage
from eservices.retention import services as retention

SENT_EMAIL_DAYS = 90


@dataclass
class SentEmails:
    """How many sent e-mails a run deleted (or, in a dry run, would have)."""

    dry_run: bool
    count: int

    def summary(self):
        """For the run's audit entry."""
        return {"sent_emails_deleted": self.count}

    def lines(self):
        """For the command's output."""
        would = "would be " if self.dry_run else ""
        sent = retention.counted(self.count, "sent e-mail")
        return [f"{sent} older than {SENT_EMAIL_DAYS} days {would}deleted."]


class SentEmailDisposal:
    """E-mail sent, or given up, more than SENT_EMAIL_DAYS ago."""

    name = "sent_emails"

    def run(self, *, now, dry_run, batch_size):
        """Delete (or count) the old sent e-mail."""
        cutoff = now - timedelta(days=SENT_EMAIL_DAYS)
        old = ((OutboxMessage.status == SENT) & (OutboxMessage.sent_at <= cutoff)) | (
            (OutboxMessage.status == FAILED) & (OutboxMessage.failed_at <= cutoff)
        )
        if dry_run:
            count = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(old))
            return SentEmails(dry_run=True, count=count)
        with transaction():
            deleted = db.session.execute(
                delete(OutboxMessage).where(old).execution_options(synchronize_session=False)
            )
        return SentEmails(dry_run=False, count=deleted.rowcount)


retention.register(SentEmailDisposal())
