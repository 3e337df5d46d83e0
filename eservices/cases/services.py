"""Opening a case, in one transaction, and its timeline."""

from datetime import timedelta

from flask import has_request_context
from sqlalchemy import func, select

from eservices.audit import services as audit
from eservices.cases.models import CHANNELS, Case, CaseEvent
from eservices.cases.numbering import next_case_number
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.i18n import current_language
from eservices.integrations import services as integrations
from eservices.organisation import services as organisation


class RoutingError(Exception):
    """The service routes to a unit that does not exist or does not receive cases."""


def route(service, answers):
    """The active unit that receives this service's case for these answers."""
    slug = service.routing.unit_for(answers)
    unit = organisation.find(slug)
    if unit is None:
        raise RoutingError(f"{service.id} routes to {slug!r}, which does not receive cases")
    return unit


def submit_case(service, answers, **kwargs):
    """Create the case in its own transaction (see create_case)."""
    with transaction():
        return create_case(service, answers, **kwargs)


def create_case(
    service,
    answers,
    *,
    applicant=None,
    channel="digital",
    registered_by=None,
    follow_token_hash=None,
):
    """Add the case with its number, unit and due date to the caller's transaction."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    now = utcnow()
    unit = route(service, answers)
    case = Case(
        # The case year is the Swedish calendar year it arrived in.
        number=next_case_number(now.astimezone(SWEDEN).year),
        service_id=service.id,
        service_version=service.version,
        unit=unit,
        channel=channel,
        applicant=applicant,
        registered_by_id=getattr(registered_by, "id", None),
        answers=dict(answers),
        follow_token_hash=follow_token_hash,
        submitted_at=now,
        language=current_language() if has_request_context() else "sv",
        due_at=now + timedelta(days=service.description.processing_days),
    )
    db.session.add(case)
    db.session.flush()
    integrations.queue_delivery(case)
    record_event(case, "received", actor=registered_by or applicant, channel=channel)
    audit.record(
        "case.submitted",
        case,
        actor=registered_by or applicant,
        number=case.number,
        service=service.id,
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
