"""The retention clock starts when a case is closed, not when it was taken up or decided."""

from datetime import timedelta

from eservices.cases import retention as cases
from eservices.retention import services as retention
from tests.retention.conftest import DECIDED_BEFORE_CLOSING, PERSONAL

# Fault reports (felanmalan) are kept 730 days after closing.
KEPT = timedelta(days=730)


def test_a_case_decided_before_its_retention_but_closed_within_it_is_kept(db, make_case, close):
    # Decided 731 days ago, closed 729 days ago: a day still to go.
    ago = KEPT - timedelta(days=1)
    assert ago + DECIDED_BEFORE_CLOSING > KEPT
    case = close(make_case(**PERSONAL), ago)
    assert cases.due_cases().cases == []
    assert retention.run()["cases"].cases == []
    db.session.refresh(case)
    assert case.anonymised_at is None and case.answers["name"] == "Anna Andersson"


def test_a_case_closed_a_day_past_its_retention_is_due(db, make_case, close):
    case = close(make_case(**PERSONAL), KEPT + timedelta(days=1))
    assert [due.number for due in cases.due_cases().cases] == [case.number]
