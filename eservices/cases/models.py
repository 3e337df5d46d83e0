"""Cases and the per-year counter that numbers them."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.accounts.models import Unit, User
from eservices.database import EncryptedJSON, UTCDateTime, utcnow
from eservices.extensions import db

RECEIVED = "received"
CHANNELS = ("digital", "paper", "phone", "visit")


class CaseNumberCounter(db.Model):
    """The last case number handed out in a year; incremented in the submitting transaction."""

    __tablename__ = "case_number_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class Case(db.Model):
    """A submitted e-service: the answers as given, in the unit that handles them."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_unit_status", "unit_id", "status"),
        Index("ix_cases_applicant_id", "applicant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "2026-000123": unique, human-friendly, numbered per calendar year in Sweden.
    number: Mapped[str] = mapped_column(String(20), unique=True)
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

    unit: Mapped[Unit] = relationship()
    applicant: Mapped[User | None] = relationship(foreign_keys=[applicant_id])
