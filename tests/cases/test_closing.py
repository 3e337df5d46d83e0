"""Closing a case dates it: `closed_at` is the moment of closing, which starts the retention
clock, and no earlier step sets it."""

from datetime import timedelta

import pytest

from eservices.cases import handling
from eservices.cases.models import Case
from eservices.database import utcnow


def _fresh(db, case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_closing_after_a_decision_dates_the_case_at_the_closing(db, make_case, handler):
    case = make_case()
    start = utcnow() - timedelta(days=30)
    taken, asked, answered, decided, closed = (start + timedelta(days=n) for n in (1, 2, 5, 9, 12))
    handling.change_status(case, "in_progress", actor=handler, now=taken)
    handling.change_status(case, "awaiting_info", actor=handler, now=asked)
    handling.change_status(case, "in_progress", actor=handler, now=answered)
    handling.change_status(
        case,
        "decided",
        actor=handler,
        decision="approved",
        decision_text="Klottret tas bort.",
        now=decided,
    )
    assert _fresh(db, case).closed_at is None
    handling.change_status(_fresh(db, case), "closed", actor=handler, now=closed)
    case = _fresh(db, case)
    assert (case.status, case.closed_at, case.status_changed_at) == ("closed", closed, closed)
    assert case.decided_at == decided


def test_closing_without_a_decision_dates_the_case_and_leaves_no_decision(db, make_case, handler):
    case = make_case()
    taken = utcnow() - timedelta(days=3)
    handling.change_status(case, "in_progress", actor=handler, now=taken)
    assert _fresh(db, case).closed_at is None
    closed = taken + timedelta(days=2)
    handling.change_status(_fresh(db, case), "closed", actor=handler, now=closed)
    case = _fresh(db, case)
    assert (case.closed_at, case.decided_at, case.decision) == (closed, None, None)


@pytest.mark.parametrize("status", ["in_progress", "awaiting_info", "decided"])
def test_no_step_before_closing_dates_the_case_closed(db, make_case, handler, status):
    case = make_case()
    path = {
        "in_progress": ["in_progress"],
        "awaiting_info": ["in_progress", "awaiting_info"],
        "decided": ["in_progress", "decided"],
    }[status]
    for step in path:
        handling.change_status(
            case, step, actor=handler, decision="rejected", decision_text="Inget klotter hittades."
        )
    case = _fresh(db, case)
    assert case.status == status and case.closed_at is None
