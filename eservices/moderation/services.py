"""The moderation queue: submitting items, claiming, parking and deciding.

Two moderators never decide the same item: a decision is one UPDATE that succeeds only
while the row is undecided and not claimed by a colleague, and the database serialises
concurrent UPDATEs of one row. Claims work the same way, and lapse after the rulebook's
``claim_minutes`` so that an abandoned claim frees the item by itself.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.moderation.models import (
    APPROVED,
    CHANGES_REQUESTED,
    OUTCOMES,
    REJECTED,
    REVIEW_OUTCOMES,
    WITHDRAWN,
    ModerationItem,
)
from eservices.moderation.registry import Decision, get_kind, registered_kinds
from eservices.moderation.rulebook import get_rulebook
from eservices.moderation.screening import screen

PER_PAGE = 50

audit.register_actions(
    *(f"moderation.{outcome}" for outcome in OUTCOMES),
    "moderation.parked",
    "moderation.unparked",
    "moderation.reported",
    *(f"moderation.report_{outcome}" for outcome in REVIEW_OUTCOMES),
)


class ModerationError(Exception):
    """A moderation step that cannot be taken; ``code`` says why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def kind_or_error(name):
    """The registered kind called ``name``; ModerationError("unknown_kind") otherwise."""
    kind = get_kind(name)
    if kind is None:
        raise ModerationError("unknown_kind")
    return kind


def load_item(kind, object_id):
    """The kind's object, or ModerationError("gone") when it no longer exists."""
    obj = kind.load(str(object_id))
    if obj is None:
        raise ModerationError("gone")
    return obj


# --- Submitting ---------------------------------------------------------------------------


def submit(kind_name, object_id):
    """Put an item in the queue, screened; joins the caller's transaction (no commit).

    Call it again whenever the item's text changes while it waits, and after a
    resubmission following "request changes": a waiting item keeps its place in the queue
    and is screened again; a decided one starts a new round.
    """
    kind = kind_or_error(kind_name)
    object_id = str(object_id)
    content = kind.show(load_item(kind, object_id))
    codes = screen(kind, object_id, content).codes
    item = waiting_item(kind.name, object_id)
    if item is None:
        item = ModerationItem(kind=kind.name, object_id=object_id)
        try:
            with db.session.begin_nested():
                db.session.add(item)
        except IntegrityError:
            # A concurrent submission of the same item won: update that one.
            item = waiting_item(kind.name, object_id)
    item.title, item.flags = content.title[:300], codes
    return item


def withdraw(kind_name, object_id, now=None):
    """Take a waiting item out of the queue because its author withdrew or deleted it;
    joins the caller's transaction. Returns the settled row, or None if none was waiting."""
    item = waiting_item(kind_name, object_id)
    if item is not None:
        item.decided_at, item.outcome = now or utcnow(), WITHDRAWN
        item.claimed_by_id = item.claimed_at = item.parked_at = None
    return item


def waiting_item(kind_name, object_id):
    """The item's undecided queue row, or None."""
    return db.session.scalar(
        select(ModerationItem).where(
            ModerationItem.kind == kind_name,
            ModerationItem.object_id == str(object_id),
            ModerationItem.decided_at.is_(None),
        )
    )


def history(kind_name, object_id):
    """Every round of moderation of one item, oldest first."""
    return db.session.scalars(
        select(ModerationItem)
        .where(ModerationItem.kind == kind_name, ModerationItem.object_id == str(object_id))
        .order_by(ModerationItem.submitted_at, ModerationItem.id)
    ).all()


def similar_items(kind, screening):
    """The open items the screening found alike, as (Content, flag), those still there."""
    found = []
    for flag in screening.similar if screening else ():
        other = kind.load(flag.key)
        if other is not None:
            found.append((kind.show(other), flag))
    return found


def get_item_or_404(item_id):
    """A queue row of a registered kind, else 404."""
    item = db.get_or_404(ModerationItem, item_id)
    if get_kind(item.kind) is None:
        abort(404)
    return item


# --- The queue ----------------------------------------------------------------------------


def queue(*, parked=False, kind=None, page=1):
    """Undecided items of registered kinds, oldest first: the queue, or the parked ones."""
    kinds = [kind] if kind else list(registered_kinds())
    query = (
        select(ModerationItem)
        .where(
            ModerationItem.decided_at.is_(None),
            ModerationItem.kind.in_(kinds),
            ModerationItem.parked_at.is_not(None)
            if parked
            else ModerationItem.parked_at.is_(None),
        )
        .order_by(ModerationItem.submitted_at, ModerationItem.id)
    )
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def claim_cutoff(now=None):
    """Claims made before this moment have lapsed."""
    return (now or utcnow()) - timedelta(minutes=get_rulebook().settings.claim_minutes)


def claim_holder(item, now=None):
    """The moderator whose claim on the item is still fresh, or None."""
    if item.claimed_by_id is None or item.claimed_at < claim_cutoff(now):
        return None
    return item.claimed_by


def _free_for(moderator, now):
    """The item is undecided and unclaimed, claimed by ``moderator``, or its claim lapsed."""
    return (
        ModerationItem.decided_at.is_(None),
        or_(
            ModerationItem.claimed_by_id.is_(None),
            ModerationItem.claimed_by_id == moderator.id,
            ModerationItem.claimed_at < claim_cutoff(now),
        ),
    )


def _why_not(item_id):
    """After a guarded UPDATE touched nothing: why the item was not free."""
    db.session.expire_all()
    item = db.session.get(ModerationItem, item_id)
    if item is None or item.decided_at is not None:
        return ModerationError("decided")
    return ModerationError("claimed")


def claim(item, moderator, now=None):
    """Take the item to read and decide; refused while a colleague's claim is fresh."""
    now = now or utcnow()
    with transaction():
        result = db.session.execute(
            update(ModerationItem)
            .where(ModerationItem.id == item.id, *_free_for(moderator, now))
            .values(claimed_by_id=moderator.id, claimed_at=now)
        )
        if result.rowcount != 1:
            raise _why_not(item.id)
    db.session.refresh(item)


def release(item, moderator):
    """Give up one's own claim."""
    with transaction():
        db.session.execute(
            update(ModerationItem)
            .where(ModerationItem.id == item.id, ModerationItem.claimed_by_id == moderator.id)
            .values(claimed_by_id=None, claimed_at=None)
        )
    db.session.refresh(item)


def park(item, moderator, reason, now=None):
    """Set an undecided item aside, outside the queue, with a reason."""
    now = now or utcnow()
    with transaction():
        result = db.session.execute(
            update(ModerationItem)
            .where(ModerationItem.id == item.id, ModerationItem.parked_at.is_(None))
            .where(*_free_for(moderator, now))
            .values(parked_at=now, parked_by_id=moderator.id, park_reason=reason)
            .values(claimed_by_id=None, claimed_at=None)
        )
        if result.rowcount != 1:
            raise ModerationError("parked") if item.parked_at else _why_not(item.id)
        audit.record(
            "moderation.parked", actor=moderator, object_type=item.kind,
            object_id=item.object_id, item=item.id, reason=reason,
        )  # fmt: skip
    db.session.refresh(item)


def unpark(item, moderator):
    """Put a parked item back in the queue, in its old place (by the time it came in)."""
    with transaction():
        result = db.session.execute(
            update(ModerationItem)
            .where(
                ModerationItem.id == item.id,
                ModerationItem.parked_at.is_not(None),
                ModerationItem.decided_at.is_(None),
            )
            .values(parked_at=None, parked_by_id=None, park_reason=None)
        )
        if result.rowcount != 1:
            raise ModerationError("not_parked")
        audit.record(
            "moderation.unparked", actor=moderator, object_type=item.kind,
            object_id=item.object_id, item=item.id,
        )  # fmt: skip
    db.session.refresh(item)


# --- Deciding -----------------------------------------------------------------------------

CALLBACKS = {
    APPROVED: "on_approve",
    REJECTED: "on_reject",
    CHANGES_REQUESTED: "on_request_changes",
}


def cited_rules(kind, rule_ids):
    """The rules with these ids that apply to the kind; ModerationError when any does not."""
    applicable = {rule.id: rule for rule in get_rulebook().rules_for(kind.rulebook_kind)}
    if not rule_ids:
        raise ModerationError("no_rules")
    if any(rule_id not in applicable for rule_id in rule_ids):
        raise ModerationError("unknown_rule")
    # In the rulebook's order, whatever order they were ticked in: the same on every page.
    return tuple(rule for rule_id, rule in applicable.items() if rule_id in rule_ids)


def decide(item, outcome, moderator, *, rule_ids=(), note="", extra=None, now=None):
    """Approve, reject (citing rules) or request changes; audited, then the kind's callback.

    Everything happens in one transaction: the queue row, the audit event and whatever
    the kind's callback changes and e-mails commit together or not at all.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    kind = kind_or_error(item.kind)
    rules = cited_rules(kind, rule_ids) if outcome == REJECTED else ()
    if outcome == CHANGES_REQUESTED and not (note or "").strip():
        raise ModerationError("no_note")
    now = now or utcnow()
    extra_text = None if extra is None else str(extra)
    with transaction():
        result = db.session.execute(
            update(ModerationItem)
            .where(ModerationItem.id == item.id, *_free_for(moderator, now))
            .values(
                decided_at=now, decided_by_id=moderator.id, outcome=outcome,
                rule_ids=[rule.id for rule in rules], note=note or None, extra=extra_text,
                claimed_by_id=None, claimed_at=None, parked_at=None,
            )
        )  # fmt: skip
        if result.rowcount != 1:
            raise _why_not(item.id)
        db.session.refresh(item)
        obj = load_item(kind, item.object_id)
        audit.record(
            f"moderation.{outcome}", actor=moderator, object_type=kind.name,
            object_id=item.object_id, item=item.id, rules=list(item.rule_ids),
            note=note or "", extra=extra_text,
        )  # fmt: skip
        decision = Decision(
            kind=kind.name, object_id=item.object_id, outcome=outcome, moderator=moderator,
            rules=rules, note=note or "", extra=extra, item=item,
        )  # fmt: skip
        getattr(kind, CALLBACKS[outcome])(obj, decision)
    return decision
