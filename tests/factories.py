"""Cases for tests, of any kind and in any state, from one factory; and what they need.

    make_case()                                  a fault report, routed and received now
    make_case(applicant=anna, category="trafikskylt-och-signal")
    make_case(status="decided", submitted_at=at(2026, 1, 5), decided_at=at(2026, 1, 9))
    make_case(unit=park, service_id="skolskjuts", completion_requests=2)
    make_case(kind="proposal", unit=committee, answers={"proposal": 12})

An e-service case without a unit goes through the real submission service (routing, the
receipt's timeline entry); with a unit, or of another kind, it is opened by the case
domain in that unit. Either way the unit's webhook hears of it. The state is then set
as given: a test that needs the steps themselves takes them (see tests/retention/conftest.py,
close).
"""

from datetime import UTC, datetime, timedelta

import pytest

from eservices.cases.kinds import ESERVICE
from eservices.cases.models import CaseEvent
from eservices.cases.services import create_case
from eservices.database import transaction
from eservices.submissions.cases import submit_case

# The units the fault report (felanmalan) routes to.
FAULT_REPORT_UNITS = ("felanmalan", "park-och-natur", "trafik")


def at(year, month, day, hour=12, minute=0):
    """A UTC time."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def units(make_unit):
    """The fault report's units, by slug."""
    return {slug: make_unit(slug=slug, name_sv=f"Enhet {slug}") for slug in FAULT_REPORT_UNITS}


@pytest.fixture
def handler(make_staff, units):
    """A handler of the unit that gets graffiti reports (felanmalan)."""
    return make_staff(role="handler", units=[units["felanmalan"]])


@pytest.fixture
def make_case(app, db, request):
    """make_case(kind=, status=, submitted_at=, ...): a case, committed (see the module).

    The fault report's units are made when a case first needs them (routed, or without a
    unit of its own), so a test may make its own units under those names.
    """
    catalogue = app.extensions["catalogue"]

    def factory(
        *,
        kind=ESERVICE,
        service_id="felanmalan",
        unit=None,
        applicant=None,
        category="klotter",
        description="Klotter på skolan",
        answers=None,
        status=None,
        submitted_at=None,
        due_at=None,
        decided_at=None,
        paused_at=None,
        completion_requests=0,
        **opened,
    ):
        content = {
            "category": category,
            "location": {"description": "Här", "lat": None, "lng": None},
            "description": description,
            "wants_reply": "no",
            **(answers or {}),
        }
        service = catalogue.get(service_id)
        with app.test_request_context():
            if kind == ESERVICE and unit is None:
                request.getfixturevalue("units")
                case = submit_case(service, content, applicant=applicant, **opened)
            else:
                with transaction():
                    case = create_case(
                        kind=kind,
                        service_id=service_id,
                        service_version=service.version if service else 1,
                        answers=content if kind == ESERVICE else answers or {},
                        unit=unit or request.getfixturevalue("units")["felanmalan"],
                        due_at=(submitted_at or datetime.now(UTC)) + timedelta(days=14),
                        applicant=applicant,
                        submitted_at=submitted_at,
                        **opened,
                    )
        with transaction():
            if submitted_at is not None:
                case.due_at += submitted_at - case.submitted_at
                case.submitted_at = submitted_at
            case.due_at = due_at or case.due_at
            case.status = status or ("decided" if decided_at else "received")
            case.decided_at, case.paused_at = decided_at, paused_at
            if decided_at is not None:
                case.decision = "approved"
            for n in range(completion_requests):
                db.session.add(
                    CaseEvent(
                        case_id=case.id,
                        kind="completion_requested",
                        created_at=case.submitted_at + timedelta(days=n + 1),
                    )
                )
        return case

    return factory
