"""Reports: anyone says a public item breaks the rules; enough of them hide it for review.

An item is hidden while it has at least the rulebook's ``reports_to_hide`` open reports,
each from a different reporter (a logged-in person, or else one network address), until a
moderator has looked: kept (the reports are closed and it shows again) or removed (the
kind's ``on_remove`` takes it down, citing rules).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.moderation.models import KEPT, REMOVED, WITHDRAWN, Report
from eservices.moderation.registry import Decision, registered_kinds
from eservices.moderation.rulebook import get_rulebook
from eservices.moderation.services import ModerationError, cited_rules, kind_or_error, load_item

PER_PAGE = 100


def reporter_key(reporter=None, ip=None):
    """Who reported, for counting each reporter once: the account, else a keyed hash of
    the address (the address itself is not stored)."""
    if reporter is not None and getattr(reporter, "is_authenticated", False):
        return f"user:{reporter.id}"
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, (ip or "").encode(), hashlib.sha256).hexdigest()
    return f"ip:{digest[:40]}"


def report(kind_name, object_id, reason, reporter=None, *, ip=None):
    """Report an item with a reason; True when counted, False when this reporter's earlier
    report of it is still open (a second one would not count)."""
    kind = kind_or_error(kind_name)
    object_id = str(object_id)
    load_item(kind, object_id)
    user = reporter if getattr(reporter, "is_authenticated", False) else None
    try:
        with transaction():
            db.session.add(
                Report(
                    kind=kind.name,
                    object_id=object_id,
                    reason=reason,
                    reporter_key=reporter_key(user, ip),
                    reporter_id=user.id if user else None,
                )
            )
            audit.record(
                "moderation.reported", actor=user, object_type=kind.name, object_id=object_id
            )
    except IntegrityError:
        return False
    return True


def _open_counts(kind_name, object_ids):
    query = (
        select(Report.object_id, func.count())
        .where(
            Report.kind == kind_name,
            Report.object_id.in_([str(i) for i in object_ids]),
            Report.reviewed_at.is_(None),
        )
        .group_by(Report.object_id)
    )
    return dict(db.session.execute(query).all())


def hidden_ids(kind_name, object_ids):
    """Which of the items (ids as text) are hidden until a moderator has looked: one query."""
    threshold = get_rulebook().settings.reports_to_hide
    counts = _open_counts(kind_name, object_ids)
    return {object_id for object_id, count in counts.items() if count >= threshold}


def is_hidden(kind_name, object_id):
    """True while the item has enough open reports to be hidden."""
    return str(object_id) in hidden_ids(kind_name, [object_id])


class Reported(NamedTuple):
    """One item in the reports queue."""

    kind: str
    object_id: str
    reports: int
    since: datetime
    title: str | None  # None when the kind no longer has the item


def reported_items(limit=PER_PAGE):
    """Items of registered kinds with open reports, the longest-waiting report first.

    Returns (at most ``limit`` Reported, how many items have open reports in all).
    """
    kinds = registered_kinds()
    first = func.min(Report.created_at)
    waiting = (
        select(Report.kind, Report.object_id, func.count(), first)
        .where(Report.reviewed_at.is_(None), Report.kind.in_(list(kinds)))
        .group_by(Report.kind, Report.object_id)
        .order_by(first, Report.kind, Report.object_id)
        .limit(limit)
    )
    items = []
    for kind_name, object_id, count, since in db.session.execute(waiting):
        obj = kinds[kind_name].load(object_id)
        title = kinds[kind_name].show(obj).title if obj is not None else None
        items.append(Reported(kind_name, object_id, count, since, title))
    return items, reported_count()


def reported_count():
    """How many items of registered kinds have open reports."""
    items = (
        select(Report.kind, Report.object_id)
        .where(Report.reviewed_at.is_(None), Report.kind.in_(list(registered_kinds())))
        .group_by(Report.kind, Report.object_id)
    )
    return db.session.scalar(select(func.count()).select_from(items.subquery()))


def open_reports(kind_name, object_id):
    """The open reports of one item, oldest first."""
    return db.session.scalars(
        select(Report)
        .where(
            Report.kind == kind_name,
            Report.object_id == str(object_id),
            Report.reviewed_at.is_(None),
        )
        .order_by(Report.created_at, Report.id)
    ).all()


def withdraw_reports(kind_name, object_id, now=None):
    """Close the item's open reports because its author took it down; joins the caller's
    transaction. Returns how many were open."""
    result = db.session.execute(
        update(Report)
        .where(
            Report.kind == kind_name,
            Report.object_id == str(object_id),
            Report.reviewed_at.is_(None),
        )
        .values(reviewed_at=now or utcnow(), outcome=WITHDRAWN)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def review(kind_name, object_id, outcome, moderator, *, rule_ids=(), note="", now=None):
    """Close the item's open reports: kept (shown again) or removed (the kind takes it down).

    Only the first of two moderators reviewing at once acts: closing the reports is one
    guarded UPDATE, and the loser finds none open.
    """
    if outcome not in (KEPT, REMOVED):
        raise ValueError(f"unknown outcome {outcome!r}")
    kind = kind_or_error(kind_name)
    rules = cited_rules(kind, rule_ids) if outcome == REMOVED else ()
    object_id = str(object_id)
    with transaction():
        result = db.session.execute(
            update(Report)
            .where(
                Report.kind == kind.name,
                Report.object_id == object_id,
                Report.reviewed_at.is_(None),
            )
            .values(reviewed_at=now or utcnow(), reviewed_by_id=moderator.id, outcome=outcome)
        )
        if result.rowcount == 0:
            raise ModerationError("reviewed")
        obj = load_item(kind, object_id)
        audit.record(
            f"moderation.report_{outcome}", actor=moderator, object_type=kind.name,
            object_id=object_id, reports=result.rowcount, rules=[r.id for r in rules],
            note=note or "",
        )  # fmt: skip
        decision = Decision(
            kind=kind.name, object_id=object_id, outcome=outcome, moderator=moderator,
            rules=rules, note=note or "",
        )  # fmt: skip
        if outcome == REMOVED:
            kind.on_remove(obj, decision)
    return decision
