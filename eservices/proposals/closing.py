"""The scheduled run over open proposals (``flask proposals tick``): close those whose
support period has ended below the threshold.

Each step is one conditional UPDATE, so the run is idempotent and safe beside supports
arriving at the same moment: a proposal closes only if it is still open, past its end and
below the threshold when the UPDATE reaches it. Supports stop at the end of the period
whether or not the run has been (supports.move_count checks the time), so a late run
closes a proposal late on its page but never counts a support given too late.
"""

from dataclasses import dataclass

from sqlalchemy import select, update

from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.moderation.rulebook import get_rulebook
from eservices.proposals import forwarding, supports
from eservices.proposals.models import CLOSED, PUBLISHED, Proposal


@dataclass
class Tick:
    """What one run did."""

    mended: int = 0
    forwarded: int = 0
    closed: int = 0

    def lines(self):
        """For the command's output."""
        return [
            f"Support counts mended: {self.mended}",
            f"Forwarded at a lowered threshold: {self.forwarded}",
            f"Closed below the threshold: {self.closed}",
        ]


def tick(now=None):
    """Mend counts, forward what has reached a lowered threshold, close what has ended."""
    now = now or utcnow()
    result = Tick(mended=supports.reconcile())
    threshold = get_rulebook().settings.support_threshold
    reached = db.session.scalars(
        select(Proposal.id).where(
            Proposal.status == PUBLISHED,
            Proposal.support_count >= threshold,
        )
    ).all()
    for proposal_id in reached:
        with transaction():
            if forwarding.forward_if_reached(proposal_id, now=now) is not None:
                result.forwarded += 1
    result.closed = close_ended(now)
    return result


def close_ended(now=None):
    """Close every open proposal whose period has ended below the threshold; how many."""
    now = now or utcnow()
    threshold = get_rulebook().settings.support_threshold
    ended = (
        (Proposal.status == PUBLISHED)
        & (Proposal.closes_at <= now)
        & (Proposal.support_count < threshold)
    )
    with transaction():
        ids = db.session.scalars(select(Proposal.id).where(ended)).all()
        if not ids:
            return 0
        closed = db.session.execute(
            update(Proposal)
            .where(Proposal.id.in_(ids), ended)
            .values(status=CLOSED, closed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        audit.record("proposal.closed", object_type="proposals", actor=None, ids=ids)
    return closed.rowcount
