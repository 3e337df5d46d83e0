"""An uploaded file: first part of a draft, then of the case the draft became."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.database import EncryptedText, UTCDateTime, utcnow
from eservices.extensions import db

CLEAN = "clean"  # scanned by clamd and found clean
NOT_SCANNED = "not_scanned"  # no virus scanner is configured


class Attachment(db.Model):
    """One file given as the answer (or part of it) to a file field."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            "draft_id IS NOT NULL OR case_id IS NOT NULL", name="belongs_to_draft_or_case"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # In URLs instead of the id: random, so one file does not lead to the next.
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="RESTRICT"), index=True
    )
    field_id: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(EncryptedText)
    # The type found in the content, never the one the browser claimed.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    # The random name of the encrypted file in the attachment store.
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    scan_status: Mapped[str] = mapped_column(String(16))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A file sent with the resident's reply to a completion request. No foreign key: SQLite
    # could add one only by rebuilding the table.
    message_id: Mapped[int | None] = mapped_column(index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case = relationship("Case")
