"""Comments on a proposal: written by residents, shown at once and moderated afterwards.

A comment is never deleted as a row while its proposal lives, so that the thread keeps its
order and a reply's context: its author deleting it empties the text and sets
``deleted_at``; a moderator removing it sets ``removed_at`` and the rules it breaks, and
the text is kept for ``REMOVED_COMMENT_DAYS`` (retention.py) in case the decision is
questioned.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.accounts.models import User
from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db
from eservices.proposals.models import Proposal


class ProposalComment(db.Model):
    """One resident's comment on one proposal."""

    __tablename__ = "proposal_comments"
    __table_args__ = (
        # The proposal page lists its comments oldest first.
        Index("ix_proposal_comments_thread", "proposal_id", "created_at"),
        # The per-person limit counts an author's recent comments.
        Index("ix_proposal_comments_author", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    # Only the name is public; it is copied here so that account removal can take it away.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Deleted by its author: the text is gone, the place in the thread stays.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Removed by a moderator after reports, citing these rules (shown publicly).
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rule_ids: Mapped[list] = mapped_column(JSON, default=list)

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])

    @property
    def is_shown(self):
        """Neither deleted by its author nor removed by a moderator."""
        return self.deleted_at is None and self.removed_at is None

    def __repr__(self):
        return f"<ProposalComment {self.id} on {self.proposal_id}>"
