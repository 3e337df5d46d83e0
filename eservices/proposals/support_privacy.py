"""What supports say about a person, for their data download, removing the account, and
the disposal run.

A support is a political opinion tied to a personnummer, so it is kept named no longer
than it is needed. While the proposal is open the person may withdraw it, and removing the
account withdraws it. Once the proposal has been forwarded or closed, the count is part of
the public record and stays; the support is then kept without its supporter (removing the
account, or the disposal run SUPPORTER_DAYS after the proposal was answered or closed).
"""

from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from eservices.extensions import db
from eservices.privacy import registry
from eservices.proposals.models import ANSWERED, CLOSED, Proposal
from eservices.proposals.support_models import Forwarding, ProposalSupport
from eservices.proposals.supports import move_count, supports_of
from eservices.retention import services as retention

# Days after a proposal is answered or closed before its supports lose their supporters.
SUPPORTER_DAYS = 90


def collect(user, language):
    """The person's supports, oldest first: which proposal, how, and whether to be told."""
    rows = reversed(supports_of(user))
    return [
        {
            "proposal": proposal.id,
            "title": proposal.title,
            "channel": support.channel,
            "notify": support.notify,
            "supported_at": support.created_at,
        }
        for support, proposal in rows
    ]


def remove(user):
    """Withdraw the person's supports of open proposals; unlink the rest (they still count)."""
    withdrawn = 0
    for support, proposal in supports_of(user):
        # The same count-first step as a withdrawal, so the count keeps equal to the rows.
        if move_count(proposal.id, -1):
            db.session.execute(delete(ProposalSupport).where(ProposalSupport.id == support.id))
            withdrawn += 1
    unlinked = db.session.execute(
        update(ProposalSupport)
        .where(ProposalSupport.supporter_id == user.id)
        .values(supporter_id=None, notify=False)
        .execution_options(synchronize_session=False)
    ).rowcount
    return registry.Removed(
        details={"proposal_supports": {"withdrawn": withdrawn, "unlinked": unlinked}}
    )


registry.register("proposal_supports", collect=collect, remove=remove)


def _unlinked(dry_run, count):
    """How many supports a run unlinked from their supporters (or, dry, would have)."""
    line = (
        f"{{rows}} of proposals settled over {SUPPORTER_DAYS} days ago {{would}}unlinked "
        "from their supporters."
    )
    return retention.Counted(
        dry_run, count, "proposal_supports_unlinked", "proposal support", line
    )


class SupporterDisposal:
    """Supporters of proposals answered or closed more than SUPPORTER_DAYS ago."""

    name = "proposal_supporters"

    def run(self, *, now, dry_run, batch_size):
        """Unlink (or count) the supporters that are due."""
        before = now - timedelta(days=SUPPORTER_DAYS)
        settled = (
            select(Proposal.id)
            .outerjoin(Forwarding, Forwarding.proposal_id == Proposal.id)
            .where(
                or_(
                    (Proposal.status == CLOSED) & (Proposal.closed_at <= before),
                    (Proposal.status == ANSWERED) & (Forwarding.answered_at <= before),
                )
            )
        )
        due = ProposalSupport.supporter_id.is_not(None) & ProposalSupport.proposal_id.in_(settled)
        if dry_run:
            return _unlinked(True, retention.count_due(ProposalSupport, due))
        values = {"supporter_id": None, "notify": False}
        count = retention.update_due(ProposalSupport, due, values, batch_size)
        return _unlinked(False, count)


retention.register(SupporterDisposal())
