"""Cases written straight to the database with the times a statistics test needs."""

import itertools
from datetime import UTC, datetime, timedelta

from eservices.cases.models import Case, CaseEvent
from eservices.extensions import db

_numbers = itertools.count(1)


def at(year, month, day, hour=12, minute=0):
    """A UTC time."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def add_case(
    unit,
    submitted,
    *,
    service_id="felanmalan",
    channel="digital",
    decided=None,
    status=None,
    due=None,
    paused=None,
    completion_requests=0,
):
    """A case of ``unit`` submitted (and perhaps decided) at the given UTC times."""
    case = Case(
        number=f"2099-{next(_numbers):06d}",
        service_id=service_id,
        service_version=1,
        unit_id=unit.id,
        channel=channel,
        status=status or ("decided" if decided else "received"),
        submitted_at=submitted,
        decided_at=decided,
        due_at=due or submitted + timedelta(days=14),
        paused_at=paused,
    )
    db.session.add(case)
    db.session.flush()
    for n in range(completion_requests):
        db.session.add(
            CaseEvent(
                case_id=case.id,
                kind="completion_requested",
                created_at=submitted + timedelta(days=n + 1),
            )
        )
    db.session.commit()
    return case
