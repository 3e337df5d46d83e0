"""Everything the platform holds about one resident, gathered for them to read or download.

The same plain structure feeds the readable page and the JSON file, so the two cannot
disagree. Times are aware UTC datetimes here; the page shows them in Swedish time and the
file writes them in ISO 8601. Only what the resident may see is gathered: internal notes
between handlers, and anything attached to them, never leave the municipality.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eservices.accounts import services as accounts
from eservices.accounts.models import LoginSession
from eservices.attachments import services as attachments
from eservices.audit.models import AuditEvent
from eservices.cases import kinds, labels
from eservices.cases.models import (
    COMPLETION_REQUEST,
    MESSAGE,
    REPLY,
    Case,
    CaseEvent,
    CaseMessage,
)
from eservices.catalogue.loading import get_catalogue
from eservices.extensions import db
from eservices.i18n import localized
from eservices.submissions.cases import answer_rows
from eservices.submissions.models import Draft

# Raise when the shape of the JSON file changes, so that programs reading it can tell.
FORMAT_VERSION = 1

# The kinds of message the resident takes part in; anything else (notes) stays internal.
RESIDENT_MESSAGE_KINDS = (MESSAGE, COMPLETION_REQUEST, REPLY)
# Removal of the account adds this entry to the timeline of each of the person's cases.
ACCOUNT_REMOVED_EVENT = "applicant_account_removed"

# What the resident did, as they would say it; other actions are shown by their code.
ACTIVITY_LABELS = {
    "resident.created": _l("Account created"),
    "login.success": _l("Logged in"),
    "logout": _l("Logged out"),
    "session.expired": _l("Logged out when the session ended"),
    "profile.updated": _l("Contact details saved"),
    "email.confirmed": _l("E-mail address confirmed"),
    "case.submitted": _l("Case sent"),
    "case.reply_received": _l("Reply sent"),
    "attachment.downloaded": _l("File downloaded"),
    "privacy.exported": _l("Your data downloaded"),
}


def personal_data(user, language):
    """The resident's account, log-ins, cases, drafts and activity, oldest first."""
    return {
        "account": _account(user),
        "login_sessions": [_login(row) for row in _logins(user)],
        "cases": [_case(case, language) for case in _cases(user)],
        "drafts": [_draft(draft, language) for draft in _drafts(user)],
        "activity": [_activity(event) for event in _audit_events(user)],
    }


# --- The account --------------------------------------------------------------------------


def _account(user):
    number = accounts.reveal_personnummer(user)
    return {
        "given_name": user.given_name,
        "family_name": user.family_name,
        # The resident's own number, in full: it is theirs to see.
        "personnummer": f"{number[:8]}-{number[8:]}" if number else None,
        "email": user.email,
        "email_confirmed_at": user.email_confirmed_at,
        "phone": user.phone,
        "street_address": user.street_address,
        "postal_code": user.postal_code,
        "city": user.city,
        "notifications": {
            "status_changes": user.notify_status,
            "messages": user.notify_messages,
        },
        "created_at": user.created_at,
        "last_login_at": user.last_login_at,
    }


def _logins(user):
    return db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id)
        .order_by(LoginSession.created_at, LoginSession.token_hash)
    )


def _login(row):
    return {
        "started_at": row.created_at,
        "last_seen_at": row.last_seen_at,
        "ended_at": row.ended_at,
        "method": row.method,
        "ip": row.ip,
    }


def _audit_events(user):
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.actor_id == user.id)
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )


def _activity(event):
    return {
        "at": event.occurred_at,
        "action": event.action,
        "label": str(ACTIVITY_LABELS.get(event.action, event.action)),
        "ip": event.ip,
    }


# --- Cases ----------------------------------------------------------------------------------


def _cases(user):
    return db.session.scalars(
        select(Case).where(Case.applicant_id == user.id).order_by(Case.submitted_at, Case.id)
    )


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
        "status": {
            "code": case.status,
            "label": str(labels.status_label(case.status)),
        },
        "submitted_at": case.submitted_at,
        "status_changed_at": case.status_changed_at,
        "closed_at": case.closed_at,
        "decision": _decision(case),
        "answers": kind.answers(case, files, language),
        "attachments": [_file(file) for file in _by_upload_time(files)],
        "messages": [_message(message) for message in messages],
        "timeline": [_event(event) for event in _events(case)],
        "retention": _retention(case, kind.retention_days(case)),
    }


def _service(service_id, service, language):
    return {"id": service_id, "title": service.title.get(language) if service else service_id}


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


def _events(case):
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    )
    # Entries about internal notes would tell of notes the resident may not read.
    return [event for event in events if "note" not in event.kind]


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


# --- Drafts ---------------------------------------------------------------------------------


def _drafts(user):
    return db.session.scalars(
        select(Draft).where(Draft.user_id == user.id).order_by(Draft.created_at, Draft.id)
    )


def _draft(draft, language):
    service = get_catalogue().get(draft.service_id)
    files = attachments.of_draft(draft)
    return {
        "service": _service(draft.service_id, service, language),
        "started_at": draft.created_at,
        "saved_at": draft.updated_at,
        "expires_at": draft.expires_at,
        "answers": answer_rows(service, draft.answers, files, language),
        "attachments": [_file(file) for file in _by_upload_time(files)],
        "unsaved_input": _typed(service, draft.typed, language),
    }


def _typed(service, typed, language):
    """What was typed on steps that were not saved yet, by field, as it was typed."""
    labels = _labels(service, language)
    return [
        {
            "field": key,
            # Compound fields send "location__description": the field is the first part.
            "label": labels.get(key.split("__", 1)[0], key),
            "value": values,
        }
        for step in (typed or {}).values()
        for key, values in step.items()
        if any(value for value in values)
    ]


# --- Answers and files ----------------------------------------------------------------------


def _labels(service, language):
    if service is None:
        return {}
    return {field.id: field.label.get(language) for field in service.fields() if field.label}


def _by_upload_time(files):
    return sorted(files.values(), key=lambda file: (file.uploaded_at, file.id))


def _file(file):
    return {
        "name": file.filename,
        "size": file.size,
        "content_type": file.content_type,
        "uploaded_at": file.uploaded_at,
    }
