"""The outbox of e-mail waiting to be sent."""

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db

PENDING = "pending"
SENT = "sent"
FAILED = "failed"


class OutboxMessage(db.Model):
    """One e-mail. It stays pending, and is retried, until the mail server accepts it or
    OUTBOX_MAX_ATTEMPTS attempts have failed; then it is failed, for staff to look at."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    # The text with a placeholder where the link goes: links may be bearer secrets (a follow
    # link, an invitation), so the link itself is kept encrypted beside it until it is sent.
    # A failed e-mail keeps it, to be sent again, until the retention run deletes the row.
    body_text: Mapped[str] = mapped_column(Text)
    link_encrypted: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
