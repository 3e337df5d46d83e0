"""Checking, storing, finding and deleting attachments; who may download them."""

import hashlib
import secrets
import unicodedata

from sqlalchemy import select

from eservices.attachments import filetypes, scanning, storage
from eservices.attachments.models import CLEAN, NOT_SCANNED, Attachment
from eservices.extensions import db
from eservices.i18n import lazy_message

# Files older than this with no row are left over from a failed upload or a deleted draft.
ORPHAN_AGE_SECONDS = 24 * 3600
MAX_FILENAME = 200


class UploadRejected(Exception):
    """A file that cannot be accepted; the message is for the resident."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def check(upload, field):
    """Read and check one uploaded file for ``field``; returns (name, data, content type).

    Raises UploadRejected with a message naming the file when it is empty, too large, of a
    type the field does not accept (judged by content), or infected.
    """
    name = clean_filename(upload.filename)
    limit = field.max_size_mb * 1024 * 1024
    data = upload.stream.read(limit + 1)
    if not data:
        raise UploadRejected(lazy_message("“%(name)s” is empty.", name=name))
    if len(data) > limit:
        raise UploadRejected(
            lazy_message(
                "“%(name)s” is larger than %(size)d MB.", name=name, size=field.max_size_mb
            )
        )
    content_type = filetypes.detect(data, field.accept)
    if content_type is None:
        raise UploadRejected(
            lazy_message(
                "“%(name)s” is not a file of the right type. "
                "Choose a file in one of these formats: %(types)s.",
                name=name,
                types=filetypes.names(field.accept),
            )
        )
    if scanning.enabled():
        try:
            virus = scanning.scan(data)
        except scanning.ScannerUnavailable as exc:
            raise UploadRejected(
                lazy_message(
                    "“%(name)s” could not be checked for viruses just now. Try again later.",
                    name=name,
                )
            ) from exc
        if virus:
            raise UploadRejected(
                lazy_message("“%(name)s” contains a virus and was not saved.", name=name)
            )
    return name, data, content_type


def store(field, name, data, content_type, *, draft=None, uploaded_by=None):
    """Write the file to the store and add its row to the caller's transaction."""
    attachment = Attachment(
        public_id=secrets.token_urlsafe(18),
        draft_id=getattr(draft, "id", None),
        field_id=field.id,
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=storage.save(data),
        scan_status=CLEAN if scanning.enabled() else NOT_SCANNED,
        uploaded_by_id=getattr(uploaded_by, "id", None),
    )
    db.session.add(attachment)
    return attachment


def clean_filename(filename):
    """The last part of a file name as the browser sent it, without control characters."""
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:MAX_FILENAME] or "bilaga"


def of_draft(draft):
    """The draft's attachments by public id."""
    rows = db.session.scalars(select(Attachment).where(Attachment.draft_id == draft.id))
    return {row.public_id: row for row in rows}


def of_case(case):
    """The case's attachments by public id."""
    rows = db.session.scalars(select(Attachment).where(Attachment.case_id == case.id))
    return {row.public_id: row for row in rows}


def exported(files):
    """The files (by public id) as a person's own data lists them, oldest upload first."""
    return [
        {
            "name": file.filename,
            "size": file.size,
            "content_type": file.content_type,
            "uploaded_at": file.uploaded_at,
        }
        for file in sorted(files.values(), key=lambda file: (file.uploaded_at, file.id))
    ]


def find(public_id):
    """The attachment with this public id, or None."""
    return db.session.scalar(select(Attachment).where(Attachment.public_id == public_id))


# What a file belongs to decides who may fetch it. The package that owns drafts and the
# one that owns cases each register their rule here; this package knows neither.
_download_rules = {}


def download_rule(column):
    """Register ``rule(attachment, user, session) -> bool`` for files whose ``column``
    (``draft_id``, ``case_id``) is set."""

    def register(rule):
        _download_rules[column] = rule
        return rule

    return register


def may_download(attachment, user, session):
    """Whether ``user`` (or the visitor holding this session's tokens) may fetch the file.

    A file belongs to a draft or to the case the draft became; the owner's rule decides.
    A file of nothing known is nobody's.
    """
    for column, rule in _download_rules.items():
        if getattr(attachment, column) is not None:
            return rule(attachment, user, session)
    return False


def sweep_orphans():
    """Delete stored files that no attachment points to (older than a day); returns how many."""
    old = storage.keys_older_than(ORPHAN_AGE_SECONDS)
    known = set()
    for start in range(0, len(old), 500):
        batch = old[start : start + 500]
        known.update(
            db.session.scalars(
                select(Attachment.storage_key).where(Attachment.storage_key.in_(batch))
            )
        )
    orphans = [key for key in old if key not in known]
    for key in orphans:
        storage.delete(key)
    return len(orphans)
