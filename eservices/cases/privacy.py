"""What the case domain holds about a resident: their cases, as they may see them, for the
data download; and what removing their account does to the cases (they stay, unlinked).

Only what the resident may see is gathered: internal notes between handlers, and
anything attached to them, never leave the municipality.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eservices.attachments import services as attachments
from eservices.cases import kinds, labels
from eservices.cases.models import COMPLETION_REQUEST, MESSAGE, REPLY, Case, CaseMessage
from eservices.cases.services import record_event, timeline
from eservices.extensions import db
from eservices.i18n import localized
from eservices.privacy import registry

# The kinds of message the resident takes part in; anything else (notes) stays internal.
RESIDENT_MESSAGE_KINDS = (MESSAGE, COMPLETION_REQUEST, REPLY)
# Removal of the account adds this entry to the timeline of each of the person's cases.
ACCOUNT_REMOVED_EVENT = "applicant_account_removed"


def _cases(user):
    return db.session.scalars(
        select(Case).where(Case.applicant_id == user.id).order_by(Case.submitted_at, Case.id)
    ).all()


def cases_of(user, language):
    """The resident's cases, oldest first, with what they may see of each."""
    return [_case(case, language) for case in _cases(user)]


def _case(case, language):
    kind = kinds.of(case)
    messages = _messages(case)
    shown = {message.id for message in messages}
    # A file sent with an internal note is as internal as the note.
    files = {
        public_id: file
        for public_id, file in attachments.of_case(case).items()
        if file.message_id is None or file.message_id in shown
    }
    return {
        "number": case.number,
        "service": {"id": case.service_id, "title": kind.title(case, language)},
        "unit": localized(case.unit, "name"),
        "channel": str(labels.channel_label(case.channel)),
        "status": {"code": case.status, "label": str(labels.status_label(case.status))},
        "submitted_at": case.submitted_at,
        "status_changed_at": case.status_changed_at,
        "closed_at": case.closed_at,
        "decision": _decision(case),
        "answers": kind.answers(case, files, language),
        "attachments": attachments.exported(files),
        "messages": [_message(message) for message in messages],
        # Entries about internal notes would tell of notes the resident may not read.
        "timeline": [_event(event) for event in timeline(case) if "note" not in event.kind],
        "retention": _retention(case, kind.retention_days(case)),
    }


def _decision(case):
    if case.decision is None:
        return None
    return {
        "code": case.decision,
        "label": str(labels.decision_label(case.decision)),
        "text": case.decision_text,
        "decided_at": case.decided_at,
    }


def _messages(case):
    return db.session.scalars(
        select(CaseMessage)
        .where(CaseMessage.case_id == case.id, CaseMessage.kind.in_(RESIDENT_MESSAGE_KINDS))
        .order_by(CaseMessage.created_at, CaseMessage.id)
    ).all()


def _message(message):
    return {
        "kind": message.kind,
        "label": str(labels.RESIDENT_MESSAGES[message.kind]),
        "from": "you" if message.kind == REPLY else "municipality",
        "sent_at": message.created_at,
        "read_at": message.read_at,
        "body": message.body,
    }


def _event(event):
    label = labels.event_label(event, resident=True)
    return {"kind": event.kind, "label": str(label), "at": event.created_at}


def _retention(case, days):
    anonymise_from = (
        case.closed_at + timedelta(days=days) if case.closed_at and days is not None else None
    )
    return {
        "anonymise_after_days": days,
        "anonymise_from": anonymise_from,
        "anonymised_at": case.anonymised_at,
    }


def unlink(user):
    """The resident's cases stay with the municipality as public records, no longer linked
    to the account; each one's timeline says why the applicant is gone."""
    cases = _cases(user)
    for case in cases:
        # The handler sees why the applicant is gone: contact now goes by the case.
        record_event(case, ACCOUNT_REMOVED_EVENT)
        case.applicant_id = None
    return registry.Removed(details={"cases": [case.number for case in cases]})


registry.register(
    "cases",
    collect=cases_of,
    remove=unlink,
    activities={"case.submitted": _l("Case sent"), "case.reply_received": _l("Reply sent")},
)
