"""API clients of a unit's back-end systems, and the webhook deliveries made to them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.database import EncryptedJSON, UTCDateTime, utcnow
from eservices.extensions import db
from eservices.organisation.models import Unit

PENDING = "pending"
DELIVERED = "delivered"
# After this many failed attempts a delivery is shown as failing; it is still retried.
FAILING_AFTER = 5
# Why an attempt got no HTTP answer (WebhookDelivery.last_error): the unit has no webhook
# any more, the host leads to an address webhooks may not reach, its name is unknown, no
# answer in time, a TLS failure, no connection, or anything else that stopped the request.
ERRORS = ("no_webhook", "address_refused", "dns", "timeout", "tls", "connection", "other")


class ApiClient(db.Model):
    """A back-end system allowed to read one unit's cases with a bearer token."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # SHA-256 of the token: the token itself is shown once, when it is made.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()


class CaseSequence(db.Model):
    """The last sequence number given to an event of a case (see integrations/events.py).

    Incremented by one upsert in the transaction of the change, which the database
    serialises: two changes to one case never read the same number, and a rollback
    returns it, so a case's events are numbered 1, 2, 3, ... without a gap.
    """

    __tablename__ = "case_sequences"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    last_sequence: Mapped[int] = mapped_column()


class WebhookDelivery(db.Model):
    """One event of a case pushed to one unit's webhook; pending until the receiver answers
    2xx, and sent only after the unit's earlier events of the same case."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("case_id", "unit_id", "sequence"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(40))
    # The event's number in the case's sequence (the same for both units of a transfer).
    sequence: Mapped[int] = mapped_column()
    # What the event says besides the case itself, as it was when it happened; it may name
    # the resident (a message, a decision), so it is encrypted and dropped once delivered.
    payload: Mapped[dict | None] = mapped_column(EncryptedJSON)
    # Whether the body carries the whole case document: the unit hears of the case first.
    includes_case: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column()
    # Why the last attempt got no HTTP answer: one of ERRORS, never the receiver's words.
    last_error: Mapped[str | None] = mapped_column(String(40))
    last_duration_ms: Mapped[int | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case = relationship("Case")
    unit: Mapped[Unit] = relationship()

    @property
    def failing(self):
        """Pending after several failed attempts: someone should look at the receiver."""
        return self.status == PENDING and self.attempts >= FAILING_AFTER
