"""The moderation queue and reports, for items of any kind (proposal, comment, candidate).

An item of a kind is named by (kind, object_id); the kind's own table holds the item, and
these tables hold only what moderation needs, so any kind can plug in without a migration.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.accounts.models import User
from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db

APPROVED = "approved"
REJECTED = "rejected"
CHANGES_REQUESTED = "changes_requested"
OUTCOMES = (APPROVED, REJECTED, CHANGES_REQUESTED)
WITHDRAWN = "withdrawn"  # taken back or deleted by its author before a decision

KEPT = "kept"  # a reported item looked at and left up
REMOVED = "removed"  # a reported item taken down, citing rules
REVIEW_OUTCOMES = (KEPT, REMOVED)


class ModerationItem(db.Model):
    """One submission of an item for moderation: waiting, parked, or decided.

    A resubmission after "request changes" is a new row, so that each decision keeps the
    time it took. At most one row per item is undecided, which the database enforces.
    """

    __tablename__ = "moderation_items"
    __table_args__ = (
        Index(
            "uq_moderation_items_waiting",
            "kind",
            "object_id",
            unique=True,
            sqlite_where=text("decided_at IS NULL"),
            postgresql_where=text("decided_at IS NULL"),
        ),
        Index("ix_moderation_items_queue", "decided_at", "submitted_at"),
        Index("ix_moderation_items_object", "kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    # The title as submitted, for the queue list without loading every item.
    title: Mapped[str] = mapped_column(String(300), default="")
    # The pre-screen's kinds of finding at submission ("phone", "similar", ...).
    flags: Mapped[list] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # A claim keeps colleagues off the item while one moderator reads it; it lapses after
    # the rulebook's claim_minutes, so an abandoned claim frees itself.
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Parked: set aside outside the queue (waiting for advice, say) with a reason.
    parked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    parked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    park_reason: Mapped[str | None] = mapped_column(Text)

    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(20))
    rule_ids: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    # The value of the kind's own field on approval (for a proposal: the committee).
    extra: Mapped[str | None] = mapped_column(String(200))

    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    parked_by: Mapped[User | None] = relationship(foreign_keys=[parked_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_waiting(self):
        """Not yet decided (parked or in the queue)."""
        return self.decided_at is None


class Report(db.Model):
    """Someone, perhaps anonymous, says an item breaks the rules. Reviewed by a moderator."""

    __tablename__ = "moderation_reports"
    __table_args__ = (
        # One open report per reporter and item: reporting twice does not hide it sooner.
        Index(
            "uq_moderation_reports_open",
            "kind",
            "object_id",
            "reporter_key",
            unique=True,
            sqlite_where=text("reviewed_at IS NULL"),
            postgresql_where=text("reviewed_at IS NULL"),
        ),
        Index("ix_moderation_reports_item", "kind", "object_id", "reviewed_at"),
        Index("ix_moderation_reports_open", "reviewed_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    # "user:<id>" for someone logged in, else "ip:" and a keyed hash of the address.
    reporter_key: Mapped[str] = mapped_column(String(80))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(20))

    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
