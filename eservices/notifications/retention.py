"""Gallring of the outbox: e-mail sent long ago is deleted by the daily retention run.

A sent e-mail is a transport copy (an address and a text), not a record: the case is the
record. E-mail not yet sent, however old, is kept and retried; e-mail that failed for good
goes as long after it failed as sent e-mail goes after it was sent.
"""

from datetime import timedelta

from sqlalchemy import delete, func, select

from eservices.database import transaction
from eservices.extensions import db
from eservices.notifications.models import FAILED, SENT, OutboxMessage
from eservices.retention import services as retention

SENT_EMAIL_DAYS = 90


def _deleted(dry_run, count):
    """How many sent e-mails a run deleted (or, in a dry run, would have)."""
    line = f"{{rows}} older than {SENT_EMAIL_DAYS} days {{would}}deleted."
    return retention.Counted(dry_run, count, "sent_emails_deleted", "sent e-mail", line)


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
            return _deleted(True, count)
        with transaction():
            deleted = db.session.execute(
                delete(OutboxMessage).where(old).execution_options(synchronize_session=False)
            )
        return _deleted(False, deleted.rowcount)


retention.register(SentEmailDisposal())
