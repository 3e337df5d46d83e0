"""API clients, webhook settings, and delivering cases' events to units' webhooks."""

import hashlib
import hmac
import json
import secrets
import time

import requests
from flask import current_app
from sqlalchemy import exists, select, update
from sqlalchemy.orm import aliased, selectinload

from eservices.audit import services as audit
from eservices.cases.retention import anonymising
from eservices.crypto import token_hash
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.integrations import addresses
from eservices.integrations.documents import case_document
from eservices.integrations.models import DELIVERED, PENDING, ApiClient, WebhookDelivery
from eservices.queueing import backoff, each_due
from eservices.security import public_url

TOKEN_PREFIX = "esk_"  # noqa: S105 - a prefix that marks our tokens, not a secret
SIGNATURE_HEADER = "X-Eservices-Signature"
TIMESTAMP_HEADER = "X-Eservices-Timestamp"


# --- API clients ---------------------------------------------------------------------------


def create_api_client(unit, name, *, actor):
    """A new client for ``unit``; returns (client, token). The token is shown only now."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction():
        client = ApiClient(
            unit=unit, name=name, token_hash=token_hash(token), created_by_id=actor.id
        )
        db.session.add(client)
        db.session.flush()
        audit.record("api_client.created", client, actor=actor, unit=unit.slug, name=name)
    return client, token


def revoke_api_client(client, *, actor):
    """Stop the client's token from working."""
    with transaction():
        client.revoked_at = utcnow()
        audit.record("api_client.revoked", client, actor=actor, unit=client.unit.slug)


def authenticate(token):
    """The live API client holding ``token``, or None; records when it was last used."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    client = db.session.scalar(
        select(ApiClient).where(
            ApiClient.token_hash == token_hash(token), ApiClient.revoked_at.is_(None)
        )
    )
    if client is not None:
        with transaction():
            client.last_used_at = utcnow()
    return client


def api_clients(unit):
    """The unit's clients, newest first."""
    return db.session.scalars(
        select(ApiClient).where(ApiClient.unit_id == unit.id).order_by(ApiClient.id.desc())
    ).all()


# --- Webhook settings -----------------------------------------------------------------------


def set_webhook(unit, url, *, actor):
    """Set (or, with an empty url, remove) the unit's webhook. Returns a new secret or None.

    A secret is made the first time a URL is set; it is shown once, to be given to the
    receiver. Removing the webhook forgets the secret.
    """
    new_secret = None
    with transaction():
        unit.webhook_url = url or None
        if not url:
            unit.webhook_secret = None
        elif not unit.webhook_secret:
            new_secret = unit.webhook_secret = secrets.token_urlsafe(32)
        audit.record("unit.webhook_changed", unit, actor=actor, url=url or None)
    return new_secret


def renew_webhook_secret(unit, *, actor):
    """A new signing secret for the unit's webhook, shown once."""
    with transaction():
        unit.webhook_secret = secrets.token_urlsafe(32)
        audit.record("unit.webhook_secret_renewed", unit, actor=actor)
    return unit.webhook_secret


# --- Deliveries -----------------------------------------------------------------------------


@anonymising
def _forget_payloads(case_ids):
    """A waiting event's copy of a message or decision goes with the case's personal data."""
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.case_id.in_(case_ids), WebhookDelivery.payload.is_not(None))
        .values(payload=None)
        .execution_options(synchronize_session=False)
    )


def signature(secret, timestamp, body):
    """The signature header's value: HMAC-SHA256 of "<timestamp>.<body>" with the secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def deliver_due(limit=50, now=None):
    """Push due deliveries, each after the unit's earlier events of the same case; a
    receiver that fails is tried again later. Returns (delivered, failed)."""
    now = now or utcnow()
    earlier = aliased(WebhookDelivery)
    query = (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.status == PENDING,
            WebhookDelivery.next_attempt_at <= now,
            ~exists().where(
                earlier.case_id == WebhookDelivery.case_id,
                earlier.unit_id == WebhookDelivery.unit_id,
                earlier.status == PENDING,
                earlier.sequence < WebhookDelivery.sequence,
            ),
        )
        .order_by(WebhookDelivery.id)
    )
    delivered = failed = 0
    for delivery in each_due(query, limit):
        if _attempt(delivery):
            delivered += 1
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
            failed += 1
        db.session.commit()
    return delivered, failed


def retry_now(delivery, *, actor):
    """Bring a pending delivery's next attempt forward to now (a handler's request), with
    the unit's earlier events of the case that it waits for."""
    with transaction():
        db.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.case_id == delivery.case_id,
                WebhookDelivery.unit_id == delivery.unit_id,
                WebhookDelivery.status == PENDING,
                WebhookDelivery.sequence <= delivery.sequence,
            )
            .values(next_attempt_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        audit.record("webhook.retry_requested", delivery, actor=actor, case=delivery.case.number)


def body(delivery):
    """The JSON the receiver gets: the event, its number, what it says, and for a unit that
    hears of the case first, the case document as it is now (see docs/integrations.md)."""
    case = delivery.case
    document = {
        "event": delivery.event,
        "delivery": delivery.id,
        "sequence": delivery.sequence,
        "occurred_at": delivery.created_at.isoformat(),
        "number": case.number,
        "case_url": public_url("cases_api.case", number=case.number),
        **(delivery.payload or {}),
    }
    if delivery.includes_case:
        current = case_document(case)
        # Only to the unit that holds the case now, as the API shows it: a unit the case
        # has left since does not get what was written after.
        document["case"] = current if case.unit_id == delivery.unit_id else None
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def _attempt(delivery):
    """Send the delivery once; record the answer's status and how long it took, never its
    body (an address may lead somewhere whose answer no handler should read)."""
    unit = delivery.unit
    delivery.attempts += 1
    delivery.last_attempt_at = utcnow()
    delivery.last_status_code = delivery.last_duration_ms = None
    if not unit.webhook_url:
        delivery.last_error = "no_webhook"
        return False
    content = body(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "eservices-webhook/1",
        "X-Eservices-Event": delivery.event,
        "X-Eservices-Delivery": str(delivery.id),
        "X-Eservices-Sequence": str(delivery.sequence),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(unit.webhook_secret or "", timestamp, content),
    }
    started = time.monotonic()
    try:
        with addresses.checked_session() as session:
            response = session.post(
                unit.webhook_url,
                data=content,
                headers=headers,
                timeout=current_app.config["WEBHOOK_TIMEOUT"],
                allow_redirects=False,
                stream=True,  # the answer's body is never read
            )
            response.close()
    except requests.RequestException as exc:
        delivery.last_error = _error(exc)
        return False
    finally:
        delivery.last_duration_ms = round((time.monotonic() - started) * 1000)
    delivery.last_status_code = response.status_code
    delivery.last_error = None
    if 200 <= response.status_code < 300:
        delivery.status = DELIVERED
        delivery.delivered_at = utcnow()
        # Delivered: the copy of what the event said is no longer needed.
        delivery.payload = None
        return True
    return False


def _error(exc):
    """The kind of failure (one of models.ERRORS): what a handler can act on."""
    for kind, code in (
        (addresses.AddressRefused, "address_refused"),
        (addresses.HostNotFound, "dns"),
        (requests.Timeout, "timeout"),
        (requests.exceptions.SSLError, "tls"),
        (requests.ConnectionError, "connection"),
    ):
        if isinstance(exc, kind):
            return code
    return "other"


def deliveries_for(units, *, page=1, per_page=50):
    """Deliveries to these units, failing and pending first, then the newest."""
    ids = [unit.id for unit in units]
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.unit_id.in_(ids))
        .options(selectinload(WebhookDelivery.case), selectinload(WebhookDelivery.unit))
        .order_by(
            (WebhookDelivery.status == DELIVERED).asc(),
            WebhookDelivery.created_at.desc(),
            WebhookDelivery.id.desc(),
        )
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
