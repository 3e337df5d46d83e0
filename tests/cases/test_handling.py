"""The status workflow: the allowed moves work and record who and when; every other is refused."""

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.cases import handling, workflow
from eservices.cases.models import Case, CaseEvent
from eservices.cases.services import timeline
from eservices.database import utcnow

ALLOWED = {
    ("received", "in_progress"),
    ("in_progress", "awaiting_info"),
    ("in_progress", "decided"),
    ("in_progress", "closed"),
    ("awaiting_info", "in_progress"),
    ("decided", "closed"),
}
PATH_TO = {
    "received": [],
    "in_progress": ["in_progress"],
    "awaiting_info": ["in_progress", "awaiting_info"],
    "decided": ["in_progress", "decided"],
    "closed": ["in_progress", "closed"],
}


def _move(case, status, actor):
    extra = {}
    if status == "decided":
        extra = {"decision": "approved", "decision_text": "Klottret tas bort inom en vecka."}
    handling.change_status(case, status, actor=actor, **extra)


@pytest.mark.parametrize(
    ("current", "wanted"), list(itertools.product(workflow.STATUSES, repeat=2))
)
def test_every_transition_in_the_matrix(db, make_case, handler, current, wanted):
    case = make_case()
    for status in PATH_TO[current]:
        _move(case, status, handler)
    assert case.status == current
    if (current, wanted) in ALLOWED:
        _move(case, wanted, handler)
        db.session.expire_all()
        case = db.session.get(Case, case.id)
        assert case.status == wanted
        event = db.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc())
        ).first()
        assert event.kind == "status_changed" and event.actor_id == handler.id
        assert event.details["from"] == current and event.details["to"] == wanted
    else:
        with pytest.raises(workflow.TransitionNotAllowed):
            _move(case, wanted, handler)
        db.session.expire_all()
        assert db.session.get(Case, case.id).status == current


def test_a_decision_needs_an_outcome_and_a_text(db, make_case, handler):
    case = make_case()
    handling.change_status(case, "in_progress", actor=handler)
    incomplete = [(None, "Text"), ("approved", " "), ("approved", None), ("maybe", "Text")]
    for decision, text in incomplete:
        with pytest.raises(handling.CaseError) as refused:
            handling.change_status(case, "decided", actor=handler, decision=decision,
                                   decision_text=text)  # fmt: skip
        assert refused.value.code == "decision_incomplete"
    assert case.status == "in_progress"


def test_the_clock_stops_while_awaiting_information(db, make_case, handler):
    case = make_case()
    due = case.due_at
    start = utcnow()
    handling.change_status(case, "in_progress", actor=handler, now=start)
    handling.change_status(case, "awaiting_info", actor=handler, now=start)
    assert not case.is_overdue(now=due + timedelta(days=30))  # paused
    handling.change_status(case, "in_progress", actor=handler, now=start + timedelta(days=6))
    assert case.due_at == due + timedelta(days=6)
    # Back in handling the clock runs again: past the new due date the case is late.
    assert case.is_overdue(now=case.due_at + timedelta(seconds=1))


def test_claim_assign_and_transfer(db, make_case, handler, make_staff, units):
    case = make_case()
    colleague = make_staff(role="handler", units=[units["felanmalan"]])
    outsider = make_staff(role="handler", units=[units["trafik"]])
    handling.claim(case, actor=handler)
    assert case.assignee_id == handler.id
    with pytest.raises(handling.CaseError):
        handling.claim(case, actor=colleague)  # already taken
    handling.assign(case, colleague, actor=handler)
    assert case.assignee_id == colleague.id
    with pytest.raises(handling.CaseError):
        handling.assign(case, outsider, actor=handler)  # not in the unit
    handling.transfer(case, units["trafik"], "Gäller en trafikskylt", actor=colleague)
    assert (case.unit_id, case.assignee_id) == (units["trafik"].id, None)
    kinds = [event.kind for event in timeline(case)]
    assert kinds == ["received", "claimed", "assigned", "transferred"]
    assert timeline(case)[-1].details["reason"] == "Gäller en trafikskylt"
