"""A proposal (e-förslag): written by a resident, moderated, open for support, answered.

The life of a proposal is its ``status``:

    draft -> submitted -> published -> forwarded -> answered
               |   ^          |
               v   |          v
      changes_requested     closed        (submitted -> rejected)

Supports, forwarding and the committee's answer live beside this table; the count of
supports is kept here in ``support_count`` so that lists never count support rows.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.accounts.models import User
from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db
from eservices.organisation.models import Unit

DRAFT = "draft"
SUBMITTED = "submitted"  # waiting in the moderation queue
CHANGES_REQUESTED = "changes_requested"
REJECTED = "rejected"
PUBLISHED = "published"  # open for support
FORWARDED = "forwarded"  # reached the threshold, sent to the committee
ANSWERED = "answered"  # the committee has answered
CLOSED = "closed"  # the support period ended below the threshold
STATUSES = (
    DRAFT,
    SUBMITTED,
    CHANGES_REQUESTED,
    REJECTED,
    PUBLISHED,
    FORWARDED,
    ANSWERED,
    CLOSED,
)
# The author may change the text only while no moderator is reading it.
EDITABLE = (DRAFT, CHANGES_REQUESTED)
# Seen only by the author and the moderators.
PRIVATE = (DRAFT, SUBMITTED, CHANGES_REQUESTED)
# Shown to everyone in full, with supports, history and answer.
SHOWN_IN_FULL = (PUBLISHED, FORWARDED, ANSWERED, CLOSED)
# Shown to everyone: rejected ones with their title and the rules they break only.
PUBLIC = (*SHOWN_IN_FULL, REJECTED)


class Proposal(db.Model):
    """One proposal by one resident."""

    __tablename__ = "proposals"
    __table_args__ = (
        # The list's orders (newest decided, most supported, ending soon), over all public
        # statuses and over one: read in index order, never sorted.
        Index("ix_proposals_decided", "decided_at"),
        Index("ix_proposals_supports", "support_count"),
        Index("ix_proposals_status_decided", "status", "decided_at"),
        Index("ix_proposals_status_supports", "status", "support_count"),
        Index("ix_proposals_status_closes", "status", "closes_at"),
        # The list's search reads a full-text index of title and body: see search.py.
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # From the title, for readable links (/e-forslag/12-fler-parkbankar); set anew while
    # the text can change and fixed once published, so a shared link keeps working.
    slug: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), default="")
    area: Mapped[str] = mapped_column(String(40), default="")
    # An optional image, kept encrypted in the attachment store under this key, of the
    # type found in its content, with a text for those who cannot see it.
    image_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    image_content_type: Mapped[str | None] = mapped_column(String(100))
    image_alt: Mapped[str | None] = mapped_column(String(300))

    # The resident who wrote it. Only the name is ever public; it is copied here so that
    # account removal can take it away without touching the proposal.
    proposer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    proposer_name: Mapped[str] = mapped_column(String(200), default="")

    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    # The rules a moderator cited when rejecting it, shown on its public page.
    rule_ids: Mapped[list] = mapped_column(JSON, default=list)
    rules_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The committee (a Unit of kind committee) that answers it, set on approval.
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT"), index=True
    )
    # Supports counted into one column, so lists sort and show it without counting rows.
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")

    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    committee: Mapped[Unit | None] = relationship(foreign_keys=[committee_id])

    @property
    def is_editable(self):
        """The author may change the text and send it in (again)."""
        return self.status in EDITABLE

    @property
    def is_public(self):
        """Everyone may see it (a rejected one with its title and rules only)."""
        return self.status in PUBLIC

    @property
    def is_open(self):
        """Open for support."""
        return self.status == PUBLISHED

    def __repr__(self):
        return f"<Proposal {self.id} {self.status}>"
