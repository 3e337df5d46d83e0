"""Forwarding a proposal to its committee, once, at the moment it reaches the threshold.

``forward_if_reached`` runs in the transaction of the support that may have reached it:

    UPDATE proposals SET status = 'forwarded'
     WHERE id = :id AND status = 'published' AND support_count >= :threshold

Only one transaction can move a proposal out of "published", whatever the channel and
however many supports arrive at once; the one that does opens the committee's case, writes
the forwarding (whose primary key is the proposal: a second one could not be written) and
e-mails the proposer and the supporters who asked, all before it commits.

The committee's case is a case of kind "proposal" (registered here), in the committee's
queue, due after the answer deadline of the rulebook's settings.
"""

import calendar
from datetime import datetime

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select, update

from eservices.audit import services as audit
from eservices.cases import kinds
from eservices.cases.services import create_case
from eservices.database import SWEDEN, utcnow
from eservices.extensions import db
from eservices.moderation.rulebook import get_rulebook
from eservices.notifications.services import queue_email
from eservices.proposals.models import FORWARDED, PUBLISHED, Proposal
from eservices.proposals.support_models import Forwarding, ProposalSupport

KIND = "proposal"


def add_months(moment, months):
    """The same Swedish time of day ``months`` calendar months later (the 31st becomes the
    month's last day), as UTC."""
    local = moment.astimezone(SWEDEN)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    later = datetime.combine(local.date().replace(year=year, month=month, day=day), local.time())
    return later.replace(tzinfo=SWEDEN).astimezone(moment.tzinfo)


def forward_if_reached(proposal_id, *, now=None):
    """Forward the proposal if its count has reached the threshold and nobody has yet; in
    the caller's transaction. Returns the Forwarding when this call forwarded it, else None.
    """
    settings = get_rulebook().settings
    now = now or utcnow()
    won = db.session.execute(
        update(Proposal)
        .where(
            Proposal.id == proposal_id,
            Proposal.status == PUBLISHED,
            Proposal.support_count >= settings.support_threshold,
        )
        .values(status=FORWARDED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:
        return None
    proposal = db.session.scalar(
        select(Proposal)
        .where(Proposal.id == proposal_id)
        .execution_options(populate_existing=True)
    )
    due = add_months(now, settings.answer_months)
    case = create_case(
        kind=KIND,
        service_id=KIND,
        service_version=1,
        answers={"proposal_id": proposal.id, "title": proposal.title},
        unit=proposal.committee,
        due_at=due,
        channel="digital",
        submitted_at=now,
    )
    sent = Forwarding(
        proposal_id=proposal.id, case_id=case.id, forwarded_at=now, answer_due_at=due
    )
    db.session.add(sent)
    db.session.flush()
    audit.record(
        "proposal.forwarded",
        proposal,
        actor=None,
        case=case.number,
        committee=proposal.committee.slug,
        supports=proposal.support_count,
    )
    tell(proposal, "proposal_forwarded", committee=proposal.committee, due=due)
    return sent


def tell(proposal, template, **context):
    """E-mail the proposer, and each supporter who asked, about ``proposal``: one message
    per address, in the caller's transaction."""
    link = ("proposals.show", {"proposal_id": proposal.id, "slug": proposal.slug})
    for user, is_proposer in recipients(proposal):
        queue_email(
            to=user.email,
            template=f"proposals/{template}",
            link_endpoint=link,
            proposal=proposal,
            is_proposer=is_proposer,
            **context,
        )


def recipients(proposal):
    """(user, is the proposer) for everyone to e-mail about ``proposal``: the proposer, and
    the supporters who asked, each with an address and an account still there."""
    found = []
    proposer = proposal.proposer
    if proposer is not None and proposer.email and proposer.removed_at is None:
        found.append((proposer, True))
    supporters = db.session.scalars(
        select(ProposalSupport)
        .where(ProposalSupport.proposal_id == proposal.id, ProposalSupport.notify)
        .order_by(ProposalSupport.id)
    )
    for row in supporters:
        user = row.supporter
        if user is None or not user.email or user.removed_at or user.id == proposal.proposer_id:
            continue
        found.append((user, False))
    return found


def forwarding_of(proposal):
    """The proposal's forwarding (with the answer, once given), or None."""
    return db.session.get(Forwarding, proposal.id)


def proposal_of(case):
    """The proposal a committee's case is about, or None."""
    return db.session.scalar(
        select(Proposal)
        .join(Forwarding, Forwarding.proposal_id == Proposal.id)
        .where(Forwarding.case_id == case.id)
    )


class ProposalCases(kinds.CaseKind):
    """A committee's case: a proposal that reached the threshold, to be answered."""

    name = KIND

    def title(self, case, language):
        """ "E-förslag: <the proposal's title>"."""
        prefix = "E-förslag" if language == "sv" else "E-proposal"
        return f"{prefix}: {case.answers.get('title', '')}"

    def content(self, case, files, language):
        """The proposal's text, its support, and the way to record the answer."""
        proposal = proposal_of(case)
        if proposal is None:
            return Markup()
        # Rendered by an autoescaping template: safe to place as it is.
        return Markup(  # noqa: S704
            render_template(
                "proposals/_case_content.html",
                proposal=proposal,
                forwarding=forwarding_of(proposal),
            )
        )

    def answers(self, case, files, language):
        """The proposal's title, for the data download (the committee's case has no
        applicant, so this is for completeness)."""
        return [
            {
                "field": "title",
                "label": "Titel" if language == "sv" else "Title",
                "value": case.answers.get("title", ""),
                "text": case.answers.get("title", ""),
            }
        ]

    def document(self, case):
        """Which proposal the case is about, for back-end systems."""
        return {"proposal": {"id": case.answers.get("proposal_id")}}


kinds.register(ProposalCases())
