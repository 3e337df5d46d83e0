"""How the queue is doing: for the moderators' dashboard and the public delay notice.

"Past the target" counts Swedish working days: an item received on a date is past the
target once the rulebook's ``moderation_target_working_days`` working days after that
date have ended. Parked items are outside the queue and not counted.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from eservices.database import start_of_day, utcnow
from eservices.extensions import db
from eservices.moderation.models import OUTCOMES, ModerationItem
from eservices.moderation.registry import registered_kinds
from eservices.moderation.reports import reported_count
from eservices.moderation.rulebook import get_rulebook
from eservices.moderation.workdays import (
    add_working_days,
    latest_date_past_target,
    swedish_date,
    working_days_between,
)

# Times to decision are taken over the decisions of this many days back.
WINDOW_DAYS = 90


@dataclass(frozen=True)
class Age:
    """How long an item has waited, in working days, against the target."""

    working_days: int
    target: int
    due: object  # the last working day within the target (a date)

    @property
    def past_target(self):
        """True once the target's last working day has ended."""
        return self.working_days > self.target


def age(item, now=None):
    """The item's age in working days since it came in, and its target."""
    target = get_rulebook().settings.moderation_target_working_days
    received = swedish_date(item.submitted_at)
    return Age(
        working_days=working_days_between(received, swedish_date(now or utcnow())),
        target=target,
        due=add_working_days(received, target),
    )


def _waiting(kinds):
    return (
        select(func.count())
        .select_from(ModerationItem)
        .where(ModerationItem.decided_at.is_(None), ModerationItem.kind.in_(kinds))
    )


def past_target_count(kinds=None, now=None):
    """How many items in the queue (not parked) are past the target."""
    kinds = list(kinds or registered_kinds())
    target = get_rulebook().settings.moderation_target_working_days
    last = latest_date_past_target(swedish_date(now or utcnow()), target)
    return db.session.scalar(
        _waiting(kinds).where(
            ModerationItem.parked_at.is_(None),
            ModerationItem.submitted_at < start_of_day(last + timedelta(days=1)),
        )
    )


@dataclass(frozen=True)
class Figures:
    """The dashboard's figures."""

    waiting: int
    parked: int
    past_target: int
    target: int
    decided: int
    median_hours: float | None
    p90_hours: float | None
    reported_items: int
    window_days: int = WINDOW_DAYS


def percentile(values, share):
    """The nearest-rank percentile: the smallest value with ``share`` of values at or below."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def figures(now=None):
    """Queue length, times to decision (median and 90th percentile), items past target."""
    now = now or utcnow()
    kinds = list(registered_kinds())
    waiting = db.session.scalar(_waiting(kinds).where(ModerationItem.parked_at.is_(None)))
    parked = db.session.scalar(_waiting(kinds).where(ModerationItem.parked_at.is_not(None)))
    decided = db.session.execute(
        select(ModerationItem.submitted_at, ModerationItem.decided_at).where(
            ModerationItem.kind.in_(kinds),
            ModerationItem.decided_at >= now - timedelta(days=WINDOW_DAYS),
            ModerationItem.outcome.in_(OUTCOMES),
        )
    ).all()
    hours = [(end - start).total_seconds() / 3600 for start, end in decided]
    return Figures(
        waiting=waiting,
        parked=parked,
        past_target=past_target_count(kinds, now),
        target=get_rulebook().settings.moderation_target_working_days,
        decided=len(hours),
        median_hours=statistics.median(hours) if hours else None,
        p90_hours=percentile(hours, 0.9) if hours else None,
        reported_items=reported_count(),
    )


@dataclass(frozen=True)
class Delay:
    """The public notice's facts: how many wait past the target of so many working days."""

    past_target: int
    target: int


def delay(*kinds, now=None):
    """A Delay when at least the rulebook's ``delay_notice_after`` items of these kinds
    (all registered kinds when none are named) are past the target; else None."""
    settings = get_rulebook().settings
    wanted = [kind for kind in kinds if kind in registered_kinds()] if kinds else None
    if wanted == []:
        return None
    count = past_target_count(wanted, now)
    if count < settings.delay_notice_after:
        return None
    return Delay(count, settings.moderation_target_working_days)
