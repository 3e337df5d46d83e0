"""Everything the platform holds about one resident, gathered for them to read or download.

The same plain structure feeds the readable page and the JSON file, so the two cannot
disagree. Times are aware UTC datetimes here; the page shows them in Swedish time and the
file writes them in ISO 8601. The account is privacy's own; what else is held (cases,
drafts) each capability registers (see registry.py).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eservices.accounts import services as accounts
from eservices.accounts.models import LoginSession
from eservices.audit.models import AuditEvent
from eservices.extensions import db
from eservices.privacy import registry

# Raise when the shape of the JSON file changes, so that programs reading it can tell.
FORMAT_VERSION = 1

# What the resident did, as they would say it; other actions are shown by their code.
ACTIVITY_LABELS = {
    "resident.created": _l("Account created"),
    "login.success": _l("Logged in"),
    "logout": _l("Logged out"),
    "session.expired": _l("Logged out when the session ended"),
    "profile.updated": _l("Contact details saved"),
    "email.confirmed": _l("E-mail address confirmed"),
    "attachment.downloaded": _l("File downloaded"),
    "privacy.exported": _l("Your data downloaded"),
}


def personal_data(user, language):
    """The resident's account and log-ins, what each capability holds (their cases and
    drafts, say), and what they did here; each oldest first."""
    return {
        "account": _account(user),
        "login_sessions": [_login(row) for row in _logins(user)],
        **{holding.name: holding.collect(user, language) for holding in registry.holdings()},
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
        "label": str(
            registry.activity_label(event.action)
            or ACTIVITY_LABELS.get(event.action, event.action)
        ),
        "ip": event.ip,
    }
