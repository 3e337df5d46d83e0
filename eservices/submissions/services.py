"""Drafts and submission: the rules of filling in an e-service, tested without HTTP."""

import dataclasses
import secrets
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from werkzeug.datastructures import MultiDict

from eservices import parsers
from eservices.accounts.services import find_resident
from eservices.attachments import services as attachments
from eservices.attachments import storage
from eservices.attachments.models import Attachment
from eservices.cases import notify
from eservices.crypto import token_hash
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.i18n import lazy_message
from eservices.submissions.answers import answers_from_form
from eservices.submissions.building import StepForm, build_form
from eservices.submissions.cases import open_case
from eservices.submissions.models import Draft
from eservices.submissions.prefill import prefill
from eservices.submissions.visibility import hidden_by_earlier_steps, visible_answers


def _expiry():
    return utcnow() + timedelta(days=current_app.config["DRAFT_DAYS"])


def find_draft(service, *, user=None, token=None):
    """The live draft of this service for a logged-in resident or an anonymous token."""
    query = select(Draft).where(Draft.service_id == service.id, Draft.expires_at > utcnow())
    if user is not None:
        query = query.where(Draft.user_id == user.id)
    elif token:
        query = query.where(Draft.token_hash == token_hash(token), Draft.user_id.is_(None))
    else:
        return None
    return db.session.scalars(query.order_by(Draft.updated_at.desc())).first()


def start_draft(service, *, user=None, channel=None):
    """A new draft, pre-filled from the resident's profile. Returns (draft, token).

    With a ``channel``, ``user`` is a staff member registering a case on someone's behalf.
    """
    token = secrets.token_urlsafe(32)
    with transaction():
        draft = Draft(
            token_hash=token_hash(token),
            user_id=getattr(user, "id", None),
            service_id=service.id,
            service_version=service.version,
            answers=prefill(service, user),
            channel=channel,
            expires_at=_expiry(),
        )
        db.session.add(draft)
    return draft, token


@contextmanager
def _changing(draft):
    """A transaction in which ``draft`` is read afresh and no other request changes it.

    Two requests on one draft (uploads sent at once, a double click) would otherwise each
    read the answers, change them and write them back, and one change would be lost. The
    UPDATE comes first: PostgreSQL then holds the row until commit, and SQLite its write
    lock, so the answers read next are the latest and stay so until this one commits.
    """
    with transaction():
        db.session.execute(
            update(Draft)
            .where(Draft.id == draft.id)
            .values(updated_at=utcnow(), expires_at=_expiry())
        )
        db.session.refresh(draft)
        yield draft


def set_channel(draft, channel):
    """Change how a staff registration came in (the staff member chose again)."""
    with transaction():
        draft.channel = channel


def remember_typed(draft, step, typed):
    """Keep what was typed on a step, valid or not, so going back and forth loses nothing."""
    with _changing(draft):
        draft.typed = {**draft.typed, step.id: typed}


def save_step(draft, service, step_number, answers):
    """Store a step's valid answers, replacing that step's earlier ones."""
    step = service.steps[step_number - 1]
    step_ids = {f.id for f in step.fields}
    with _changing(draft):
        kept = {k: v for k, v in draft.answers.items() if k not in step_ids}
        draft.answers = {**kept, **answers}
        draft.typed = {k: v for k, v in draft.typed.items() if k != step.id}
        draft.completed_steps = max(draft.completed_steps, step_number)


@dataclasses.dataclass
class StepPage:
    """What became of showing or sending a step: a form to show, or where to go."""

    form: StepForm | None = None
    # Fields hidden by an earlier step's answer, and the draft's files by public id.
    hidden: set = dataclasses.field(default_factory=set)
    uploaded: dict = dataclasses.field(default_factory=dict)
    # "next", "back" or "here" when the visitor moves on; None shows the form.
    go: str | None = None
    removed: str | None = None  # the name of a file just removed


def take_step(draft, service, number, *, language, posted=None, files=None, user=None):
    """Show step ``number`` of a draft, or take what was ``posted`` to it.

    Files sent with any button are kept at once: nobody should have to choose them twice.
    Going back keeps what was typed, valid or not; Continue saves the step when it is
    valid and otherwise shows it again with the messages and what was typed.
    """
    step = service.steps[number - 1]
    if posted is None:
        typed = draft.typed.get(step.id)
        formdata = (
            MultiDict([(k, v) for k, values in typed.items() for v in values]) if typed else None
        )
        form = build_form(step, language=language, data=draft.answers, formdata=formdata)
    else:
        problems = receive_uploads(draft, step, files or MultiDict(), user=user)
        removing = posted.get("remove_attachment")
        if removing or posted.get("action") == "back":
            remember_typed(draft, step, _typed(posted))
            if removing:
                return StepPage(go="here", removed=remove_upload(draft, removing))
            return StepPage(go="back")
        form = build_form(step, language=language, data=draft.answers, formdata=posted)
        if form.validate() and not problems:
            save_step(draft, service, number, answers_from_form(step, form, draft.answers))
            return StepPage(go="next")
        for field_id, messages in problems.items():
            form[field_id].errors = [*form[field_id].errors, *messages]
        remember_typed(draft, step, _typed(posted))
    return StepPage(
        form=form,
        hidden=hidden_by_earlier_steps(step, draft.answers),
        uploaded=attachments.of_draft(draft),
    )


def _typed(formdata):
    return {key: formdata.getlist(key) for key in formdata if key not in ("csrf_token", "action")}


def receive_uploads(draft, step, files, *, user=None):
    """Check and store the files sent with a step; returns {field id: [messages]}.

    Each accepted file is kept at once, even when the rest of the step is not valid yet,
    so nobody has to choose a file twice. A rejected file is not stored.
    """
    problems = {}
    for field in step.fields:
        if field.type != "file":
            continue
        for upload in files.getlist(field.id):
            if not upload or not upload.filename:
                continue
            try:
                _accept_upload(draft, field, upload, user)
            except attachments.UploadRejected as rejected:
                problems.setdefault(field.id, []).append(rejected.message)
    return problems


def _accept_upload(draft, field, upload, user):
    # The file is read and scanned before the draft is taken: nobody waits on a scan.
    name, data, content_type = attachments.check(upload, field)
    with _changing(draft):
        files = draft.answers.get(field.id) or []
        if len(files) >= field.max_files:
            raise attachments.UploadRejected(
                lazy_message(
                    "“%(name)s” was not saved: you can attach at most %(count)d files here.",
                    name=name,
                    count=field.max_files,
                )
            )
        attachment = attachments.store(
            field, name, data, content_type, draft=draft, uploaded_by=user
        )
        draft.answers = {**draft.answers, field.id: [*files, attachment.public_id]}


def remove_upload(draft, public_id):
    """Remove one of the draft's files; returns its name, or None if the draft has no such file."""
    with _changing(draft):
        attachment = db.session.scalar(
            select(Attachment).where(
                Attachment.public_id == public_id, Attachment.draft_id == draft.id
            )
        )
        if attachment is None:
            return None
        db.session.delete(attachment)
        answers = dict(draft.answers)
        files = [item for item in answers.pop(attachment.field_id, ()) if item != public_id]
        draft.answers = {**answers, attachment.field_id: files} if files else answers
    storage.delete(attachment.storage_key)
    return attachment.filename


def first_incomplete_step(service, draft):
    """The first step whose stored answers do not pass validation again, or None."""
    for number, step in enumerate(service.steps, start=1):
        if number > draft.completed_steps:
            return number
        form = build_form(step, language="sv", data=draft.answers)
        if not form.validate():
            return number
    return None


class AlreadySubmitted(Exception):
    """The draft was turned into a case by another request a moment ago."""


def submit_draft(draft, service, *, applicant=None, registered_by=None):
    """Turn a complete draft into a case. Returns (case, follow_token or None).

    A draft with a channel was filled in by ``registered_by`` (staff) on a resident's behalf:
    the resident whose own personnummer was given becomes the applicant, so the case is on
    their Mina sidor; otherwise they get the follow link, handed over by staff.
    """
    answers = visible_answers(service.fields(), draft.answers)
    if registered_by is not None and applicant is None:
        applicant = _resident_named_in(service, answers)
    follow_token = None if applicant is not None else secrets.token_urlsafe(24)
    sent_files = {
        public_id
        for field in service.fields()
        if field.type == "file"
        for public_id in answers.get(field.id) or ()
    }
    uploaded = attachments.of_draft(draft)
    dropped = [a.storage_key for public_id, a in uploaded.items() if public_id not in sent_files]
    draft_id = draft.id
    # One transaction: the case exists exactly when the draft is gone. A second, concurrent
    # submit of the same draft deletes nothing, fails, and rolls its case back.
    with transaction():
        case = open_case(
            service,
            answers,
            applicant=applicant,
            channel=draft.channel or "digital",
            registered_by=registered_by,
            follow_token_hash=follow_token and token_hash(follow_token),
        )
        for public_id, attachment in uploaded.items():
            if public_id in sent_files:
                attachment.case_id, attachment.draft_id = case.id, None
            else:
                db.session.delete(attachment)
        db.session.flush()
        db.session.expunge(draft)
        gone = db.session.execute(delete(Draft).where(Draft.id == draft_id))
        if gone.rowcount != 1:
            raise AlreadySubmitted(case.number)
        notify.received(case, follow_token)
    for key in dropped:
        storage.delete(key)
    return case, follow_token


def _resident_named_in(service, answers):
    """The existing resident whose own personnummer (a field pre-filled from the profile)
    is among the answers, or None."""
    for field in service.fields():
        if field.type == "personnummer" and field.prefill == "personnummer":
            try:
                return find_resident(parsers.parse_personnummer(answers.get(field.id) or ""))
            except parsers.InvalidPersonnummer:
                return None
    return None


def purge_expired_drafts(now=None):
    """Delete drafts past their expiry, with their files; returns how many drafts."""
    expired = select(Draft.id).where(Draft.expires_at <= (now or utcnow()))
    keys = list(
        db.session.scalars(select(Attachment.storage_key).where(Attachment.draft_id.in_(expired)))
    )
    with transaction():
        # The attachment rows go with their drafts (ON DELETE CASCADE).
        result = db.session.execute(delete(Draft).where(Draft.id.in_(expired)))
    for key in keys:
        storage.delete(key)
    # Files whose row never made it (an upload that failed half-way) go too.
    attachments.sweep_orphans()
    return result.rowcount
