"""The audit log: an append-only record of who did what to which object, and when."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db


class AuditEvent(db.Model):
    """One thing that happened. Rows are never updated or deleted.

    Each entry is chained to the one before it: ``chain_seq`` numbers the entries without
    gaps, and ``chain_hash`` is the SHA-256 of the previous entry's hash and this entry's
    content (eservices/audit/chain.py), so a changed, removed or inserted row shows.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_occurred_at", "occurred_at"),
        Index("ix_audit_events_action", "action"),
        Index("ix_audit_events_object", "object_type", "object_id"),
        Index("ix_audit_events_actor_id", "actor_id"),
        Index("ix_audit_events_chain_seq", "chain_seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # No foreign key: the log outlives the accounts it mentions.
    actor_id: Mapped[int | None] = mapped_column()
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    chain_seq: Mapped[int] = mapped_column()
    chain_hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(db.Model):
    """The end of the chain, in one row: its last number and hash.

    Writers lock this row to append, so entries are chained one transaction at a time; and
    it tells `flask audit verify` where the chain should end, so rows cut off the end show.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column()
    hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper, _connection, _target):
    # The database refuses too (triggers in the migration); this catches it earlier.
    raise PermissionError("the audit log is append-only")
