"""What a move along the workflow does besides the status: who gets the case, the queue's
mark for a resident's answer, and what the timeline and the audit log say; and who and
where a case can be handed to."""

from datetime import timedelta

from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.cases import handling
from eservices.cases.models import Case
from eservices.cases.services import timeline
from eservices.database import utcnow


def _fresh(db, case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


def _audited(db, action):
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


def test_taking_up_an_unassigned_case_makes_it_the_handlers(db, make_case, handler):
    case = make_case()
    handling.change_status(case, "in_progress", actor=handler)
    assert _fresh(db, case).assignee_id == handler.id


def test_taking_up_a_colleagues_case_leaves_it_theirs(db, make_case, handler, make_staff, units):
    colleague = make_staff(role="handler", units=[units["felanmalan"]])
    case = make_case()
    handling.claim(case, actor=colleague)
    handling.change_status(case, "in_progress", actor=handler)
    assert _fresh(db, case).assignee_id == colleague.id


def test_a_move_without_a_staff_member_assigns_nobody(app, db, make_case):
    case = make_case()
    with app.test_request_context():
        handling.move(case, "in_progress", actor=None)
    db.session.commit()
    case = _fresh(db, case)
    assert (case.status, case.assignee_id) == ("in_progress", None)


def test_a_handlers_move_clears_the_mark_of_the_residents_answer(db, make_case, handler):
    case = make_case(status="in_progress")
    case.resident_replied_at = utcnow()
    db.session.commit()
    handling.change_status(
        case, "decided", actor=handler, decision="approved", decision_text="Det lagas."
    )
    assert _fresh(db, case).resident_replied_at is None


def test_a_move_by_no_staff_member_keeps_the_mark(app, db, make_case):
    case = make_case(status="in_progress")
    answered = utcnow() - timedelta(hours=1)
    case.resident_replied_at = answered
    db.session.commit()
    with app.test_request_context():
        handling.move(case, "closed", actor=None)
    db.session.commit()
    assert _fresh(db, case).resident_replied_at == answered


def test_each_move_is_audited_with_its_statuses(db, make_case, handler):
    case = make_case()
    handling.change_status(case, "in_progress", actor=handler)
    handling.change_status(case, "closed", actor=handler)
    moves = _audited(db, "case.status_changed")
    assert [(event.actor_id, event.details) for event in moves] == [
        (handler.id, {"number": case.number, "from": "received", "to": "in_progress"}),
        (handler.id, {"number": case.number, "from": "in_progress", "to": "closed"}),
    ]
    assert {(event.object_type, event.object_id) for event in moves} == {("cases", str(case.id))}


def test_the_timeline_keeps_the_outcome_of_a_decision(db, make_case, handler):
    # The outcome stays in the timeline when the disposal run clears the case's free text.
    case = make_case(status="in_progress")
    handling.change_status(
        case, "decided", actor=handler, decision="rejected", decision_text="Inget klotter."
    )
    assert timeline(case)[-1].details == {
        "from": "in_progress",
        "to": "decided",
        "decision": "rejected",
    }


def test_a_waiting_case_with_no_pause_recorded_is_taken_up_with_its_due_date(
    db, make_case, handler
):
    # A case set to waiting by hand (as the test factory does) has no pause to add on.
    case = make_case(status="awaiting_info")
    due = case.due_at
    handling.change_status(case, "in_progress", actor=handler)
    case = _fresh(db, case)
    assert (case.status, case.due_at, case.paused_at) == ("in_progress", due, None)


def test_handing_a_case_over_is_audited_with_whom_and_where(
    db, make_case, handler, make_staff, units
):
    colleague = make_staff(role="handler", units=[units["felanmalan"]])
    case = make_case()
    handling.claim(case, actor=handler)
    handling.assign(case, colleague, actor=handler)
    handling.transfer(case, units["trafik"], "Gäller en skylt", actor=colleague)
    claimed, assigned, transferred = (
        _audited(db, action)[0] for action in ("case.claimed", "case.assigned", "case.transferred")
    )
    # Each entry is found under the case in the audit log.
    for event in (claimed, assigned, transferred):
        assert (event.object_type, event.object_id) == ("cases", str(case.id))
    assert (claimed.actor_id, claimed.details) == (
        handler.id,
        {"number": case.number, "to": handler.id},
    )
    assert (assigned.actor_id, assigned.details) == (
        handler.id,
        {"number": case.number, "to": colleague.id},
    )
    assert (transferred.actor_id, transferred.details) == (
        colleague.id,
        {"number": case.number, "from_unit": "felanmalan", "to_unit": "trafik"},
    )


def test_the_timeline_names_who_got_the_case_and_where_it_went(
    db, make_case, handler, make_staff, units
):
    colleague = make_staff(role="handler", units=[units["felanmalan"]])
    case = make_case()
    handling.claim(case, actor=handler)
    handling.assign(case, colleague, actor=handler)
    handling.transfer(case, units["trafik"], "Gäller en skylt", actor=colleague)
    events = {event.kind: event for event in timeline(case)}
    assert events["claimed"].details == {"to": handler.full_name}
    assert events["assigned"].details == {"to": colleague.full_name}
    assert events["transferred"].details == {
        "reason": "Gäller en skylt",
        "from_unit": "Enhet felanmalan",
        "to_unit": "Enhet trafik",
    }
    assert [events[kind].actor_id for kind in ("claimed", "assigned", "transferred")] == [
        handler.id,
        handler.id,
        colleague.id,
    ]


def test_colleagues_are_listed_by_family_name_then_given_name(
    db, make_case, handler, make_staff, units
):
    unit = units["felanmalan"]
    named = []
    for given, family in [("Örjan", "Berg"), ("Anna", "Berg"), ("Cecilia", "Ahl")]:
        user = make_staff(role="handler", units=[unit])
        user.given_name, user.family_name = given, family
        named.append(user)
    handler.given_name, handler.family_name = "Bo", "Öst"
    db.session.commit()
    case = make_case()
    assert [user.full_name for user in handling.colleagues(case)] == [
        "Cecilia Ahl",
        "Anna Berg",
        "Örjan Berg",
        "Bo Öst",
    ]


def test_a_case_can_go_to_the_other_active_units_by_name(db, make_case, make_unit, units):
    make_unit(slug="stangd", name_sv="Enhet aaa stängd").is_active = False
    db.session.commit()
    # The newest and last by slug, but the first by name.
    make_unit(slug="vatten-och-avfall", name_sv="Enhet avfall")
    case = make_case()
    assert [unit.name_sv for unit in handling.other_units(case)] == [
        "Enhet avfall",
        "Enhet park-och-natur",
        "Enhet trafik",
    ]
