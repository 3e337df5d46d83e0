"""Submitting an e-service creates one routed case, or nothing at all."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eservices.audit.models import AuditEvent
from eservices.cases.models import Case
from eservices.submissions.cases import RoutingError, submit_case


@pytest.fixture
def catalogue(app):
    return app.extensions["catalogue"]


@pytest.mark.parametrize(
    "category, unit",
    [
        ("gatubelysning", "felanmalan"),
        ("park-och-lekplats", "park-och-natur"),
        ("trafikskylt-och-signal", "trafik"),
    ],
)
def test_a_fault_report_lands_in_the_unit_its_answers_route_to(
    db, catalogue, make_unit, category, unit
):
    for slug in ("felanmalan", "park-och-natur", "trafik"):
        make_unit(slug=slug, name_sv=slug)
    service = catalogue.get("felanmalan")
    case = submit_case(service, {"category": category, "description": "Lampan är trasig."})
    assert case.unit.slug == unit
    assert case.number.endswith("-000001")
    assert case.service_version == service.version
    assert case.due_at - case.submitted_at == timedelta(days=service.description.processing_days)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.submitted"))
    assert event.details["number"] == case.number


def test_a_submission_to_a_missing_unit_saves_nothing(db, catalogue):
    with pytest.raises(RoutingError, match="felanmalan"):
        submit_case(catalogue.get("felanmalan"), {"category": "klotter"})
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_staff_registered_cases_record_the_channel(db, catalogue, make_unit, make_staff):
    make_unit(slug="skolskjuts", name_sv="Skolskjuts")
    handler = make_staff(role="handler")
    case = submit_case(
        catalogue.get("skolskjuts"), {"reason": "avstand"}, channel="phone", registered_by=handler
    )
    assert (case.channel, case.registered_by_id) == ("phone", handler.id)
    with pytest.raises(ValueError, match="fax"):
        submit_case(catalogue.get("skolskjuts"), {}, channel="fax")
