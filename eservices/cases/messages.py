"""What is written on a case: the handlers' notes, messages and completion requests, and
the resident's answers. A completion request pauses the case until the resident answers.
"""

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from eservices.attachments import services as attachments
from eservices.attachments import storage
from eservices.audit import services as audit
from eservices.cases import notify, workflow
from eservices.cases.handling import CaseError, move
from eservices.cases.models import (
    COMPLETION_REQUEST,
    MESSAGE,
    NOTE,
    REPLY,
    TO_RESIDENT,
    Case,
    CaseMessage,
)
from eservices.cases.services import record_event
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.i18n import lazy_message

# What each kind of writing records: the timeline entry and the audit action.
RECORDED_AS = {
    NOTE: ("note_added", "case.note_added"),
    MESSAGE: ("message_sent", "case.message_sent"),
    COMPLETION_REQUEST: ("completion_requested", "case.completion_requested"),
}

# Files sent with an answer to a completion request.
REPLY_FILES = SimpleNamespace(
    id="reply",
    max_size_mb=10,
    max_files=5,
    accept=(
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/heic",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "text/plain",
    ),
)


class ReplyRejected(Exception):
    """The answer cannot be taken; ``errors`` maps form fields to messages for the resident."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def write(case, kind, body, *, actor, now=None):
    """Add a note, a message or a completion request by a handler; returns the message.

    A completion request moves the case to "awaiting information" (taking it into handling
    first if it was only received), which stops the clock; the resident is e-mailed.
    """
    if kind not in RECORDED_AS:
        raise ValueError(f"a handler cannot write a {kind!r}")
    if (not case.is_open and kind != NOTE) or case.anonymised_at is not None:
        raise CaseError("closed")
    if kind == COMPLETION_REQUEST and case.status == workflow.AWAITING_INFO:
        raise CaseError("already_awaiting")
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
        record_event(case, event, actor=actor, subject=message)
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


def reply(case, body, uploads, *, resident=None, now=None):
    """Answer the open completion request with text and files; the case goes back to the queue.

    Nothing is saved unless everything is accepted: ReplyRejected lists the problems.
    """
    request = open_request(case)
    if request is None:
        raise ReplyRejected({"body": _l("There is no request to answer in this case.")})
    body = (body or "").strip()
    uploads = [upload for upload in uploads if upload and upload.filename]
    if not body and not uploads:
        raise ReplyRejected({"body": _l("Write an answer or choose a file to send.")})
    if len(uploads) > REPLY_FILES.max_files:
        raise ReplyRejected(
            {"files": lazy_message("Choose at most %(count)d files.", count=REPLY_FILES.max_files)}
        )
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(attachments.check(upload, REPLY_FILES))
        except attachments.UploadRejected as exc:
            problems.append(exc.message)
    if problems:
        raise ReplyRejected({"files": problems})
    now = now or utcnow()
    stored = []
    try:
        with transaction():
            answer = CaseMessage(
                case_id=case.id,
                kind=REPLY,
                author_id=getattr(resident, "id", None),
                body=body,
                created_at=now,
                reply_to_id=request.id,
            )
            db.session.add(answer)
            db.session.flush()
            for name, data, content_type in checked:
                attachment = attachments.store(
                    REPLY_FILES, name, data, content_type, uploaded_by=resident
                )
                attachment.case_id, attachment.message_id = case.id, answer.id
                stored.append(attachment.storage_key)
            request.answered_at = now
            # Whoever answers has read what was sent to them.
            _mark_read(case, now)
            move(case, workflow.IN_PROGRESS, actor=resident, now=now)
            case.resident_replied_at = now
            record_event(
                case, "reply_received", actor=resident, subject=answer, files=len(checked)
            )
            audit.record(
                "case.reply_received",
                case,
                actor=resident,
                number=case.number,
                message=answer.id,
                files=len(checked),
            )
            notify.reply_received(case)
    except Exception:
        for key in stored:
            storage.delete(key)
        raise
    return answer


def mark_read(case, now=None):
    """The resident has read the case's messages and requests (their own action)."""
    with transaction():
        _mark_read(case, now or utcnow())


def _mark_read(case, now):
    unread = db.session.scalars(
        select(CaseMessage).where(
            CaseMessage.case_id == case.id,
            CaseMessage.kind.in_(TO_RESIDENT),
            CaseMessage.read_at.is_(None),
        )
    ).all()
    for message in unread:
        message.read_at = now


def unread_counts(case_ids):
    """How many messages and requests to the resident each case holds unread."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(CaseMessage.case_id, func.count())
        .where(
            CaseMessage.case_id.in_(case_ids),
            CaseMessage.kind.in_(TO_RESIDENT),
            CaseMessage.read_at.is_(None),
        )
        .group_by(CaseMessage.case_id)
    )
    return dict(rows.all())


def unread_total(user):
    """Unread messages and requests over all the resident's cases."""
    return db.session.scalar(
        select(func.count())
        .select_from(CaseMessage)
        .join(Case, Case.id == CaseMessage.case_id)
        .where(
            Case.applicant_id == user.id,
            CaseMessage.kind.in_(TO_RESIDENT),
            CaseMessage.read_at.is_(None),
        )
    )
