"""Recording audit events. Callers add the event to the session of the change it records."""

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.extensions import db

# What each action means, for people reading the log.
ACTIONS = (
    "login.success",
    "login.failure",
    "login.throttled",
    "logout",
    "session.expired",
    "user.created",
    "user.updated",
    "user.deactivated",
    "user.activated",
    "role.granted",
    "role.revoked",
    "unit_membership.changed",
    "committee_membership.changed",
    "unit.created",
    "unit.updated",
    "committee.created",
    "committee.updated",
    "password.set",
    "totp.enabled",
    "totp.disabled",
    "profile.updated",
    "email.confirmation_sent",
    "email.confirmed",
    "resident.created",
    "case.submitted",
    "case.claimed",
    "case.assigned",
    "case.transferred",
    "case.status_changed",
    "case.personnummer_revealed",
    "case.note_added",
    "case.message_sent",
    "case.completion_requested",
    "case.reply_received",
    "case.anonymised",
    "retention.run",
    "privacy.exported",
    "account.removed",
    "statistics.exported",
    "attachment.downloaded",
    "api_client.created",
    "api_client.revoked",
    "api.cases_listed",
    "api.case_read",
    "unit.webhook_changed",
    "unit.webhook_secret_renewed",
    "webhook.retry_requested",
    "outbox.retry_requested",
)

# Actions that capabilities above the log add (moderation, proposals, the election).
_REGISTERED = []


def register_actions(*names):
    """Add a capability's actions to those offered when browsing the log."""
    _REGISTERED.extend(name for name in names if name not in ACTIONS + tuple(_REGISTERED))


def actions():
    """Every known action, in the order they were described."""
    return ACTIONS + tuple(_REGISTERED)


def record(action, obj=None, *, actor=None, object_type=None, object_id=None, **details):
    """Add an audit event to the current session; it commits with the change it describes."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if obj is not None:
        object_type = object_type or type(obj).__tablename__
        object_id = object_id or getattr(obj, "id", None)
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_label=_label(actor),
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        ip=request.remote_addr if has_request_context() else None,
        details=details,
    )
    db.session.add(event)
    return event


def _label(actor):
    if actor is None:
        return "system" if not has_request_context() else "anonymous"
    if getattr(actor, "is_staff", False):
        return f"{actor.full_name} <{actor.login_email}>"
    # Residents are named by their masked number: the log must not hold it in clear either.
    return f"{actor.full_name} ({actor.pnr_masked})"


def search(
    *, action=None, actor_id=None, object_type=None, object_id=None, since=None, until=None
):
    """A select() over the log, newest first, filtered by what is given."""
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == str(object_id))
    if since:
        query = query.where(AuditEvent.occurred_at >= since)
    if until:
        query = query.where(AuditEvent.occurred_at < until)
    return query
