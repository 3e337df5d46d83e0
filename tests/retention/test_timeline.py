"""An anonymised case keeps the shape of its timeline: every status it went from and to,
the decision's outcome and the units it passed through; the free text goes."""

from sqlalchemy import select

from eservices.cases.models import CaseEvent
from eservices.retention import services as retention
from tests.retention.conftest import LONG_AGO, PERSONAL


def test_the_timeline_keeps_each_status_moved_from_and_to(db, make_case, close):
    case = close(make_case(**PERSONAL), LONG_AGO)

    assert [due.number for due in retention.run()["cases"].cases] == [case.number]

    db.session.expire_all()
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    ).all()
    moves = [event.details for event in events if event.kind == "status_changed"]
    assert moves == [
        {"from": "received", "to": "in_progress", "decision": None},
        {"from": "in_progress", "to": "decided", "decision": "approved"},
        {"from": "decided", "to": "closed", "decision": None},
    ]
    assert events[0].kind == "received" and events[0].details == {"channel": "digital"}
    transfers = [event.details for event in events if event.kind == "transferred"]
    assert transfers == [
        {"from_unit": "Enhet felanmalan", "to_unit": "Enhet park-och-natur"},
        {"from_unit": "Enhet park-och-natur", "to_unit": "Enhet felanmalan"},
    ]
