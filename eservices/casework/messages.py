"""What handlers write on a case: internal notes, messages to the resident and completion
requests. A completion request also pauses the case until the resident answers.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eservices.audit import services as audit
from eservices.cases import notify, workflow
from eservices.cases.models import COMPLETION_REQUEST, MESSAGE, NOTE, CaseMessage
from eservices.cases.services import record_event
from eservices.casework.services import CaseworkError, move
from eservices.database import transaction, utcnow
from eservices.extensions import db

# What each kind of writing records: the timeline entry and the audit action.
RECORDED_AS = {
    NOTE: ("note_added", "case.note_added"),
    MESSAGE: ("message_sent", "case.message_sent"),
    COMPLETION_REQUEST: ("completion_requested", "case.completion_requested"),
}


def write(case, kind, body, *, actor, now=None):
    """Add a note, a message or a completion request by a handler; returns the message.

    A completion request moves the case to "awaiting information" (taking it into handling
    first if it was only received), which stops the clock; the resident is e-mailed.
    """
    if kind not in RECORDED_AS:
        raise ValueError(f"a handler cannot write a {kind!r}")
    if (not case.is_open and kind != NOTE) or case.anonymised_at is not None:
        raise CaseworkError("closed")
    if kind == COMPLETION_REQUEST and case.status == workflow.AWAITING_INFO:
        raise CaseworkError("already_awaiting")
    now = now or utcnow()
    event, action = RECORDED_AS[kind]
    with transaction():
        message = CaseMessage(
            case_id=case.id, kind=kind, author_id=actor.id, body=body, created_at=now
        )
        db.session.add(message)
        db.session.flush()
        if kind == COMPLETION_REQUEST:
            if case.status == workflow.RECEIVED:
                move(case, workflow.IN_PROGRESS, actor=actor, now=now)
            move(case, workflow.AWAITING_INFO, actor=actor, now=now)
            notify.completion_requested(case)
        elif kind == MESSAGE:
            case.resident_replied_at = None
            notify.message_sent(case)
        record_event(case, event, actor=actor)
        audit.record(action, case, actor=actor, number=case.number, message=message.id)
    return message


def thread(case, *, internal=True):
    """The case's notes, messages, requests and replies, oldest first.

    Without ``internal`` the notes are left out: that is what the resident sees.
    """
    statement = (
        select(CaseMessage)
        .where(CaseMessage.case_id == case.id)
        .options(selectinload(CaseMessage.author))
        .order_by(CaseMessage.id)
    )
    if not internal:
        statement = statement.where(CaseMessage.kind != NOTE)
    return db.session.scalars(statement).all()


def open_request(case):
    """The completion request the resident has not answered yet, or None."""
    if case.status != workflow.AWAITING_INFO:
        return None
    return db.session.scalar(
        select(CaseMessage)
        .where(
            CaseMessage.case_id == case.id,
            CaseMessage.kind == COMPLETION_REQUEST,
            CaseMessage.answered_at.is_(None),
        )
        .order_by(CaseMessage.id.desc())
        .limit(1)
    )
