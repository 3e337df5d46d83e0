"""The resident's side of a case: their cases, what is new, and answering a completion request."""

from types import SimpleNamespace

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eservices.attachments import services as attachments
from eservices.attachments import storage
from eservices.audit import services as audit
from eservices.cases import notify, workflow
from eservices.cases.models import REPLY, TO_RESIDENT, Case, CaseEvent, CaseMessage
from eservices.cases.services import record_event
from eservices.casework.messages import open_request
from eservices.casework.services import move
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.i18n import lazy_message
from eservices.submissions.models import Draft

# What the resident's timeline shows; notes and handler-to-handler steps stay inside.
PUBLIC_EVENTS = (
    "received",
    "status_changed",
    "transferred",
    "message_sent",
    "completion_requested",
    "reply_received",
)

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


def own_case_or_404(number, user):
    """The case with this number if ``user`` is its applicant; anyone else gets 404."""
    case = db.session.scalar(select(Case).where(Case.number == number))
    if case is None or case.applicant_id != user.id:
        abort(404)
    return case


def cases_of(user, *, page=1, per_page=20):
    """A page of the resident's cases, newest first."""
    statement = (
        select(Case)
        .where(Case.applicant_id == user.id)
        .order_by(Case.submitted_at.desc(), Case.id.desc())
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def awaiting_answer(user):
    """The resident's cases that wait for their answer to a completion request, oldest first."""
    return db.session.scalars(
        select(Case)
        .where(Case.applicant_id == user.id, Case.status == workflow.AWAITING_INFO)
        .order_by(Case.paused_at, Case.id)
    ).all()


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


def public_timeline(case):
    """The case's events the resident may see, oldest first."""
    return db.session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind.in_(PUBLIC_EVENTS))
        .order_by(CaseEvent.id)
    ).all()


def mark_read(case, now=None):
    """The resident has seen the case page: its messages and requests are read."""
    with transaction():
        unread = db.session.scalars(
            select(CaseMessage).where(
                CaseMessage.case_id == case.id,
                CaseMessage.kind.in_(TO_RESIDENT),
                CaseMessage.read_at.is_(None),
            )
        ).all()
        for message in unread:
            message.read_at = now or utcnow()


def drafts_of(user):
    """The resident's unfinished e-services, most recently saved first."""
    return db.session.scalars(
        select(Draft).where(Draft.user_id == user.id).order_by(Draft.updated_at.desc())
    ).all()


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
            move(case, workflow.IN_PROGRESS, actor=resident, now=now)
            case.resident_replied_at = now
            record_event(case, "reply_received", actor=resident, files=len(checked))
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
