"""Opening a case, and its timeline."""

from flask import has_request_context
from sqlalchemy import func, select

from eservices.audit import services as audit
from eservices.cases.kinds import ESERVICE
from eservices.cases.models import CHANNELS, Case, CaseEvent
from eservices.cases.numbering import next_case_number
from eservices.database import SWEDEN, utcnow
from eservices.extensions import db
from eservices.i18n import current_language


def create_case(
    *,
    kind=ESERVICE,
    service_id,
    service_version,
    answers,
    unit,
    due_at,
    applicant=None,
    channel="digital",
    registered_by=None,
    follow_token_hash=None,
    submitted_at=None,
):
    """Add a case with its number to the caller's transaction, in ``unit``, due at ``due_at``.

    Who receives the case and by when is decided by what opens it (an e-service routes by
    its answers); the case domain numbers it, records its arrival and audits it.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    now = submitted_at or utcnow()
    case = Case(
        kind=kind,
        # The case year is the Swedish calendar year it arrived in.
        number=next_case_number(now.astimezone(SWEDEN).year),
        service_id=service_id,
        service_version=service_version,
        unit=unit,
        channel=channel,
        applicant=applicant,
        registered_by_id=getattr(registered_by, "id", None),
        answers=dict(answers),
        follow_token_hash=follow_token_hash,
        submitted_at=now,
        language=current_language() if has_request_context() else "sv",
        due_at=due_at,
    )
    db.session.add(case)
    db.session.flush()
    record_event(case, "received", actor=registered_by or applicant, channel=channel)
    audit.record(
        "case.submitted",
        case,
        actor=registered_by or applicant,
        number=case.number,
        service=service_id,
        unit=unit.slug,
        channel=channel,
    )
    return case


def record_event(case, kind, *, actor=None, **details):
    """Add an entry to the case's timeline, in the caller's transaction."""
    event = CaseEvent(
        case_id=case.id, kind=kind, actor_id=getattr(actor, "id", None), details=details
    )
    db.session.add(event)
    return event


# What the resident's timeline shows; notes and handler-to-handler steps stay inside.
PUBLIC_EVENTS = (
    "received",
    "status_changed",
    "transferred",
    "message_sent",
    "completion_requested",
    "reply_received",
)


def timeline(case, *, public=False):
    """The case's events, oldest first; ``public``: only those the resident may see."""
    statement = select(CaseEvent).where(CaseEvent.case_id == case.id)
    if public:
        statement = statement.where(CaseEvent.kind.in_(PUBLIC_EVENTS))
    return db.session.scalars(statement.order_by(CaseEvent.id)).all()


def latest_events(case_ids):
    """The newest event the resident may see, per case."""
    if not case_ids:
        return {}
    newest = (
        select(func.max(CaseEvent.id))
        .where(CaseEvent.case_id.in_(case_ids), CaseEvent.kind.in_(PUBLIC_EVENTS))
        .group_by(CaseEvent.case_id)
    )
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.id.in_(newest)))
    return {event.case_id: event for event in events}
