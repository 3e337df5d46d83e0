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

from eservices.accounts import sessions
from eservices.attachments import storage
from eservices.audit import services as audit
from eservices.database import SWEDEN, transaction, utcnow
from eservices.privacy import collect, registry


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
    deactivates the account and ends every log-in session; each capability does what
    removal means for what it holds (registry.py): drafts are deleted, cases stay with the
    municipality as public records, no longer linked to the account. Files leave the
    store once the change is committed.
    """
    now = now or utcnow()
    files = []
    with transaction():
        details = {}
        for holding in registry.holdings():
            if holding.remove is not None:
                removed = holding.remove(user)
                details.update(removed.details)
                files += removed.files
        # Recorded while the account still has its name, as every earlier entry of the log.
        audit.record("account.removed", user, actor=user, **details)
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
