"""Supports of a proposal, and what happens once it has enough: the forwarding to its
committee and the committee's answer.

One person supports a proposal once: the database refuses a second row for the same
resident account, which is unique per personnummer, whether the support came by e-ID or
on paper at a citizen office. A proposal is forwarded once: ``proposal_forwardings`` has
the proposal as its primary key.
"""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from eservices.accounts.models import User
from eservices.cases.models import Case
from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db
from eservices.proposals.models import Proposal

DIGITAL = "digital"  # by the supporter, logged in with e-ID
PAPER = "paper"  # on a paper list, registered by citizen-office staff
CHANNELS = (DIGITAL, PAPER)


class ProposalSupport(db.Model):
    """One person's support of one proposal."""

    __tablename__ = "proposal_supports"
    __table_args__ = (
        UniqueConstraint("proposal_id", "supporter_id"),
        Index("ix_proposal_supports_supporter_id", "supporter_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    # None once the support is anonymised (the account removed, or the disposal run after
    # the proposal was settled): the support still counts, but no longer says whose it is.
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(16), default=DIGITAL)
    # The member of staff who registered a paper support.
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # "E-mail me when it is forwarded and answered."
    notify: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship()
    supporter: Mapped[User | None] = relationship(foreign_keys=[supporter_id])


# The committee's decisions: Genomförs, Genomförs delvis, Avslås, Besvarad.
CARRIED_OUT = "carried_out"
PARTLY_CARRIED_OUT = "partly_carried_out"
DECLINED = "declined"
ANSWERED = "answered"
DECISIONS = (CARRIED_OUT, PARTLY_CARRIED_OUT, DECLINED, ANSWERED)


class Forwarding(db.Model):
    """A proposal sent to its committee at the threshold, the committee's case, and the
    answer once the committee secretary has recorded it."""

    __tablename__ = "proposal_forwardings"
    __table_args__ = (Index("ix_proposal_forwardings_due", "answered_at", "answer_due_at"),)

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), unique=True
    )
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer_due_at: Mapped[datetime] = mapped_column(UTCDateTime)

    decision: Mapped[str | None] = mapped_column(String(24))
    answer_text: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column()
    minutes_url: Mapped[str | None] = mapped_column(String(500))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # proposal.forwarding: None until it is forwarded.
    proposal: Mapped[Proposal] = relationship(
        backref=backref("forwarding", uselist=False, viewonly=True)
    )
    case: Mapped[Case | None] = relationship()

    @property
    def is_answered(self):
        """The committee has answered."""
        return self.answered_at is not None

    def is_overdue(self, now=None):
        """Not answered, and past the answer deadline."""
        return not self.is_answered and self.answer_due_at < (now or utcnow())
