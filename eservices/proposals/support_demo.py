"""Demo supports, forwardings and answers: after the demo proposals (demo.py) are in.

- Every demo proposal's count gets its support rows (anonymous ones: the demo has four
  residents, not hundreds), so the count equals the rows as it always does.
- Anna supports two open proposals, for Mina stöd.
- Three proposals reach the threshold through the real support service: one waits for the
  demo committee secretary, one is answered, and one is past its answer deadline.

Only into a database without forwardings; each forwarding is then dated back.
"""

from datetime import timedelta

from sqlalchemy import func, insert, select, update

from eservices.accounts import services as accounts
from eservices.cases.models import Case, CaseEvent
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.moderation.rulebook import get_rulebook
from eservices.proposals import answers, supports
from eservices.proposals import demo as proposals_demo
from eservices.proposals.forwarding import add_months
from eservices.proposals.models import PUBLISHED, SHOWN_IN_FULL, Proposal
from eservices.proposals.support_models import PARTLY_CARRIED_OUT, Forwarding, ProposalSupport

SECRETARY = "sekreterare@example.se"

# (title, text, category, area, days since forwarded, answered days ago or None)
FORWARDED = (
    ("Längre lån av e-böcker på biblioteken",
     "Låt oss låna e-böcker i fyra veckor i stället för två, som för vanliga böcker.",
     "kultur", "hela-staden", 12, None),
    ("Blomsterängar i stadens parker",
     "Gör om delar av gräsmattorna i parkerna till blomsterängar för bin och fjärilar.",
     "parker-och-natur", "hela-staden", 150, 30),
    ("Fler laddstolpar i Majorna",
     "Det finns nästan inga laddstolpar i Majorna. Sätt upp fler vid gatorna.",
     "trafik-och-gator", "centrum", 200, None),
)  # fmt: skip


def load():
    """The demo's supports and forwardings; only into a database without forwardings."""
    if db.session.scalar(select(Forwarding.proposal_id).limit(1)) is not None:
        return
    secretary = accounts.find_staff(SECRETARY)
    moderator = accounts.find_staff(proposals_demo.MODERATOR)
    if secretary is None or moderator is None:
        return
    fill_counts()
    people = proposals_demo._residents()
    anna = people[0]
    for proposal in db.session.scalars(
        select(Proposal).where(Proposal.status == PUBLISHED).order_by(Proposal.id).limit(2)
    ):
        supports.support(proposal, anna, notify=True)
    for title, body, category, area, days, answered in FORWARDED:
        _forwarded(people, moderator, secretary, title, body, category, area, days, answered)


def fill_counts():
    """Give every demo proposal's count its support rows, without supporters."""
    rows = (
        select(func.count())
        .select_from(ProposalSupport)
        .where(ProposalSupport.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    with transaction():
        for proposal_id, missing in db.session.execute(
            select(Proposal.id, Proposal.support_count - rows).where(
                Proposal.status.in_(SHOWN_IN_FULL), Proposal.support_count > rows
            )
        ):
            db.session.execute(insert(ProposalSupport), [{"proposal_id": proposal_id}] * missing)


def _forwarded(people, moderator, secretary, title, body, category, area, days, answered):
    now = utcnow()
    forwarded_at = now - timedelta(days=days)
    threshold = get_rulebook().settings.support_threshold
    author, last = people[1], people[3]
    proposals_demo._one(
        author, moderator, forwarded_at - timedelta(days=40), "published", threshold - 1,
        title=title, body=body, category=category, area=area,
    )  # fmt: skip
    proposal = db.session.scalar(select(Proposal).where(Proposal.title == title))
    fill_counts()
    with transaction():
        # Supports stop at the end of the period: keep it open until the last one is in.
        proposal.closes_at = now + timedelta(days=1)
    supports.support(proposal, last, notify=True)
    sent = db.session.get(Forwarding, proposal.id)
    with transaction():
        proposal.closes_at = forwarded_at + timedelta(days=50)
        sent.forwarded_at = forwarded_at
        sent.answer_due_at = add_months(forwarded_at, get_rulebook().settings.answer_months)
        case = db.session.get(Case, sent.case_id)
        case.submitted_at, case.due_at = forwarded_at, sent.answer_due_at
        _date_events(case, forwarded_at)
    if answered is not None:
        decided = now - timedelta(days=answered)
        answers.record(
            proposal,
            decision=PARTLY_CARRIED_OUT,
            text=(
                "Stadsmiljönämnden gör om gräsytor i tre parker till ängar under nästa år, "
                "som ett försök. Övriga parker väntar tills försöket är utvärderat."
            ),
            decided_on=decided.date(),
            minutes_url="https://goteborg.se/protokoll/stadsmiljonamnden",
            actor=secretary,
        )
        with transaction():
            sent.answered_at = decided
            case.decided_at = case.status_changed_at = decided
            _date_events(case, decided, after=forwarded_at)


def _date_events(case, when, after=None):
    """Date the case's timeline entries (those after ``after``, or all) ``when``."""
    entries = update(CaseEvent).where(CaseEvent.case_id == case.id)
    if after is not None:
        entries = entries.where(CaseEvent.created_at > after)
    db.session.execute(entries.values(created_at=when))
