"""Drafts: a resident's answers, kept between steps and, when logged in, between visits."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from eservices.database import EncryptedJSON, UTCDateTime, utcnow
from eservices.extensions import db


class Draft(db.Model):
    """Answers given so far to one e-service, step by step, until submitted or expired."""

    __tablename__ = "drafts"
    __table_args__ = (
        Index("ix_drafts_user_service", "user_id", "service_id"),
        Index("ix_drafts_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Anonymous drafts are found through a random token kept in the visitor's session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    service_id: Mapped[str] = mapped_column(String(80))
    service_version: Mapped[int] = mapped_column()
    # Valid answers, typed, by field id; and what was typed on each step as it was typed.
    answers: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    typed: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    # The highest step (1-based) the person has completed: later steps stay locked.
    completed_steps: Mapped[int] = mapped_column(default=0)
    # Set when staff register a case received on paper, by phone or at a visit: the
    # draft is then the staff member's, and the case records the channel.
    channel: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
