"""Cases and the per-year counter that numbers them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.accounts.models import User
from eservices.cases.kinds import ESERVICE
from eservices.cases.workflow import RECEIVED
from eservices.database import EncryptedJSON, EncryptedText, UTCDateTime, utcnow
from eservices.extensions import db
from eservices.organisation.models import Unit

CHANNELS = ("digital", "paper", "phone", "visit")
# The channels by which staff register a case on a resident's behalf.
STAFF_CHANNELS = ("paper", "phone", "visit")


class CaseNumberCounter(db.Model):
    """The last case number handed out in a year; incremented in the submitting transaction."""

    __tablename__ = "case_number_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class Case(db.Model):
    """A case: what a resident sent (the answers to an e-service, say), in the unit that
    handles it."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_unit_status", "unit_id", "status"),
        Index("ix_cases_applicant_id", "applicant_id"),
        Index("ix_cases_unit_submitted", "unit_id", "submitted_at"),
        Index("ix_cases_assignee_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "2026-000123": unique, human-friendly, numbered per calendar year in Sweden.
    number: Mapped[str] = mapped_column(String(20), unique=True)
    # What the case is (see cases/kinds.py): "eservice" for a submitted e-service.
    kind: Mapped[str] = mapped_column(String(40), default=ESERVICE, server_default=ESERVICE)
    # The e-service and its version; a case of another kind keeps its own key here.
    service_id: Mapped[str] = mapped_column(String(80))
    service_version: Mapped[int] = mapped_column()
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(32), default=RECEIVED)
    channel: Mapped[str] = mapped_column(String(16), default="digital")
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    answers: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    # SHA-256 of the secret in an anonymous applicant's follow link (the link is shown once).
    follow_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The handler working on the case; None while it waits in the unit's queue. No foreign
    # key: SQLite can add one only by rebuilding "cases", which other tables point at, and
    # staff accounts are deactivated, never deleted.
    assignee_id: Mapped[int | None] = mapped_column()
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # While awaiting information the clock stops: the due date moves on by the pause.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_text: Mapped[str | None] = mapped_column(EncryptedText)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language the resident used, for the e-mail about the case.
    language: Mapped[str] = mapped_column(String(5), default="sv", server_default="sv")
    # Set when the resident answers a completion request; the queue marks the case until
    # the handler next acts on it.
    resident_replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by `flask retention run` once the personal data is gone (archive law kept the rest).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()
    applicant: Mapped[User | None] = relationship(foreign_keys=[applicant_id])
    assignee: Mapped[User | None] = relationship(
        primaryjoin="foreign(Case.assignee_id) == User.id", viewonly=True
    )
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])

    @property
    def is_open(self):
        """Not yet decided or closed."""
        from eservices.cases.workflow import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None):
        """Open, not paused, and past its due date."""
        return self.is_open and self.paused_at is None and self.due_at < (now or utcnow())


class CaseEvent(db.Model):
    """One entry in a case's timeline: who did what, and when. Never changed afterwards."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Details such as the statuses, the reason for a transfer or the decision text.
    details: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)

    actor: Mapped[User | None] = relationship()


NOTE = "note"  # internal, between handlers; never shown to the resident
MESSAGE = "message"  # from the handler to the resident
COMPLETION_REQUEST = "completion_request"  # asks the resident for information or files
REPLY = "reply"  # the resident's answer to a completion request
MESSAGE_KINDS = (NOTE, MESSAGE, COMPLETION_REQUEST, REPLY)
TO_RESIDENT = (MESSAGE, COMPLETION_REQUEST)


class CaseMessage(db.Model):
    """A note, a message to the resident, a completion request, or the resident's reply."""

    __tablename__ = "case_messages"
    __table_args__ = (Index("ix_case_messages_case_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the one it was written to (the resident, or for a reply the handlers) opened it.
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A reply points at the completion request it answers; the request records when.
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_messages.id", ondelete="SET NULL")
    )
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()

    @property
    def is_internal(self):
        """A note that only handlers see."""
        return self.kind == NOTE
