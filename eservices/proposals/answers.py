"""The committee's answer to a forwarded proposal, and the answers that are late.

The committee secretary records the decision (Genomförs, Genomförs delvis, Avslås,
Besvarad) with a text, the date of the decision and perhaps a link to the minutes. The
answer is published on the proposal's page, the proposal becomes "answered", the
committee's case is decided (or, for "Besvarad", closed) through the case workflow, and
the proposer and the supporters who asked are e-mailed: all in one transaction.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from eservices.audit import services as audit
from eservices.cases import workflow
from eservices.cases.access import unit_ids
from eservices.cases.handling import move
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.proposals import forwarding as forwardings
from eservices.proposals.models import ANSWERED as PROPOSAL_ANSWERED
from eservices.proposals.models import FORWARDED, Proposal
from eservices.proposals.support_models import (
    ANSWERED,
    CARRIED_OUT,
    DECISIONS,
    DECLINED,
    PARTLY_CARRIED_OUT,
    Forwarding,
)

ANSWER = "answer_proposals"

# The committee's decisions as the public reads them.
DECISION_LABELS = {
    CARRIED_OUT: _l("To be carried out"),
    PARTLY_CARRIED_OUT: _l("To be carried out in part"),
    DECLINED: _l("Declined"),
    ANSWERED: _l("Responded to"),
}

# The committee's decision as the case workflow records it; "Besvarad" closes the case
# without a decision of its own.
CASE_DECISIONS = {
    CARRIED_OUT: workflow.APPROVED,
    PARTLY_CARRIED_OUT: workflow.PARTLY_APPROVED,
    DECLINED: workflow.REJECTED,
    ANSWERED: None,
}


class AnswerError(Exception):
    """An answer that cannot be recorded; ``code`` says why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def may_answer(proposal, user):
    """A committee secretary of the proposal's committee may answer it."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.can(ANSWER)
        and proposal.committee_id in unit_ids(user)
    )


def record(proposal, *, decision, text, decided_on, minutes_url=None, actor):
    """Record the committee's answer to the forwarded ``proposal``; see the module docstring.

    Raises AnswerError: "not_forwarded" (never forwarded, or answered already),
    "not_allowed" or "unknown_decision".
    """
    if not may_answer(proposal, actor):
        raise AnswerError("not_allowed")
    if decision not in DECISIONS:
        raise AnswerError("unknown_decision")
    sent = forwardings.forwarding_of(proposal)
    if sent is None or sent.is_answered:
        raise AnswerError("not_forwarded")
    now = utcnow()
    with transaction():
        # Two secretaries pressing at once: only one moves it out of "forwarded".
        won = db.session.execute(
            update(Proposal)
            .where(Proposal.id == proposal.id, Proposal.status == FORWARDED)
            .values(status=PROPOSAL_ANSWERED, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if won.rowcount != 1:
            raise AnswerError("not_forwarded")
        sent.decision, sent.answer_text, sent.decided_on = decision, text, decided_on
        sent.minutes_url = minutes_url or None
        sent.answered_at, sent.answered_by_id = now, actor.id
        if sent.case is not None:
            _settle_case(sent.case, decision, text, actor=actor, now=now)
        audit.record("proposal.answered", proposal, actor=actor, decision=decision)
        db.session.expire(proposal, ["status"])
        forwardings.tell(
            proposal,
            "proposal_answered",
            committee=proposal.committee,
            decision=decision_label(decision),
        )
    return sent


def _settle_case(case, decision, text, *, actor, now):
    """Decide (or close) the committee's case along the workflow, from wherever it is."""
    if not case.is_open:
        return
    if case.status != workflow.IN_PROGRESS:
        move(case, workflow.IN_PROGRESS, actor=actor, now=now)
    outcome = CASE_DECISIONS[decision]
    if outcome is None:
        move(case, workflow.CLOSED, actor=actor, now=now)
    else:
        move(case, workflow.DECIDED, actor=actor, decision=outcome, decision_text=text, now=now)


def decision_label(decision):
    """The decision in the reader's language: "Genomförs", "Avslås", ..."""
    return DECISION_LABELS.get(decision, decision)


def overdue(now=None):
    """Forwarded proposals whose answer is late, the latest deadline last:
    [(proposal, forwarding)]."""
    now = now or utcnow()
    return db.session.execute(
        select(Proposal, Forwarding)
        .join(Forwarding, Forwarding.proposal_id == Proposal.id)
        .where(Forwarding.answered_at.is_(None), Forwarding.answer_due_at < now)
        .order_by(Forwarding.answer_due_at, Proposal.id)
    ).all()
