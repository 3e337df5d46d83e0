"""The resident's rights over their data: a copy of all of it, and removal of the account.

Removal is not erasure of the cases: what a resident sent to the municipality is a public
record (allmän handling) and is disposed of only under the disposal rules (gallring), when
`flask retention run` anonymises closed cases after their service's retention period.
"""

import json
from datetime import date, datetime
from typing import NamedTuple

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import delete, select

from eservices.accounts import sessions
from eservices.attachments import storage
from eservices.attachments.models import Attachment
from eservices.audit import services as audit
from eservices.cases.models import Case
from eservices.cases.services import record_event
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.privacy import collect
from eservices.submissions.models import Draft


class Export(NamedTuple):
    """A JSON document to download, and the file name to save it under."""

    filename: str
    text: str


def export(user, language, now=None):
    """All of the resident's data as a JSON document; the download is audited."""
    now = now or utcnow()
    with transaction():
        document = {
            "format_version": collect.FORMAT_VERSION,
            "generated_at": now,
            "language": language,
            **collect.personal_data(user, language),
        }
        audit.record("privacy.exported", user, actor=user)
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_json_value)
    day = now.astimezone(SWEDEN).date().isoformat()
    return Export(filename=f"mina-uppgifter-{day}.json", text=text + "\n")


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not written to the export")


def remove_account(user, now=None):
    """Remove the resident's account now, and log them out.

    One transaction clears the names, contact details and personnummer (the lookup hash
    too, so the same e-ID later makes a fresh, empty account), turns notifications off,
    deactivates the account, deletes the drafts and ends every log-in session. The cases
    stay with the municipality as public records, no longer linked to the account. The
    drafts' files leave the store once the change is committed.
    """
    now = now or utcnow()
    with transaction():
        drafts = select(Draft.id).where(Draft.user_id == user.id)
        files = list(
            db.session.scalars(
                select(Attachment.storage_key).where(Attachment.draft_id.in_(drafts))
            )
        )
        cases = db.session.scalars(select(Case).where(Case.applicant_id == user.id)).all()
        # Recorded while the account still has its name, as every earlier entry of the log.
        audit.record("account.removed", user, actor=user, cases=[case.number for case in cases])
        for case in cases:
            # The handler sees why the applicant is gone: contact now goes by the case.
            record_event(case, collect.ACCOUNT_REMOVED_EVENT)
            case.applicant_id = None
        # The drafts' attachment rows go with them (ON DELETE CASCADE).
        db.session.execute(delete(Draft).where(Draft.user_id == user.id))
        sessions.end_all_for(user)
        _clear(user, now)
    if has_request_context() and getattr(current_user, "id", None) == user.id:
        sessions.end()
    for key in files:
        storage.delete(key)


def _clear(user, now):
    user.given_name = user.family_name = ""
    user.pnr_hash = user.pnr_encrypted = user.pnr_masked = None
    user.email = user.email_confirmed_at = user.phone = None
    user.street_address = user.postal_code = user.city = None
    user.notify_status = user.notify_messages = False
    user.is_active = False
    user.removed_at = now
