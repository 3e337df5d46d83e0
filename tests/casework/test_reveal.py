"""A personnummer held only in the answers (a case registered by staff, or sent without
logging in) is shown to the handler who asks, and each look is audited."""

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.cases import handling
from tests.conftest import check_page
from tests.resident_cases import act

PARKING = "parkeringstillstand-rorelsehindrade"
# Bo Berg: he has no account here; his personnummer is only in what was answered.
BO = "191212121212"


@pytest.fixture
def registered(make_case, make_staff, units):
    """A parking permit application that a handler registered from a phone call."""
    registrar = make_staff(role="handler", units=[units["felanmalan"]])
    return make_case(
        service_id=PARKING,
        unit=units["felanmalan"],
        answers={"personnummer": BO},
        channel="phone",
        registered_by=registrar,
    )


@pytest.fixture
def anonymous(make_case, units):
    """The same application, sent without logging in."""
    return make_case(service_id=PARKING, unit=units["felanmalan"], answers={"personnummer": BO})


def _looks(db):
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.personnummer_revealed")
    ).all()


@pytest.mark.parametrize("which", ["registered", "anonymous"])
def test_the_personnummer_in_the_answers_is_revealed_and_the_look_audited(
    db, request, handler, handler_client, which
):
    case = request.getfixturevalue(which)
    assert case.applicant_id is None
    before = handler_client.get(f"/handlaggning/arenden/{case.number}")
    assert "visa-personnummer" in before.text and BO not in before.text
    assert _looks(db) == []

    shown = act(handler_client, case.number, "visa-personnummer")

    check_page(shown)
    assert f'<strong id="personnummer">{BO}</strong>' in shown.text
    (look,) = _looks(db)
    assert (look.actor_id, look.object_type, look.object_id) == (
        handler.id,
        "cases",
        str(case.id),
    )
    assert look.details == {"number": case.number}


def test_the_applicants_own_personnummer_comes_before_one_in_the_answers(
    app, db, make_case, make_resident, units, handler
):
    anna = make_resident(pnr="19900315-2387")
    case = make_case(
        service_id=PARKING, unit=units["felanmalan"], applicant=anna, answers={"personnummer": BO}
    )
    with app.test_request_context():
        assert handling.reveal_personnummer(case, actor=handler) == "199003152387"
    (look,) = _looks(db)
    assert look.actor_id == handler.id


def test_the_personnummer_of_the_applicants_account_is_offered_and_shown(
    db, own_case, handler_client
):
    # A fault report asks for no personnummer: Anna's is the one of her e-ID account.
    page = handler_client.get(f"/handlaggning/arenden/{own_case.number}").text
    assert "visa-personnummer" in page and "199003152387" not in page
    shown = act(handler_client, own_case.number, "visa-personnummer")
    assert '<strong id="personnummer">199003152387</strong>' in shown.text


def test_asking_for_a_personnummer_the_case_does_not_hold_records_nothing(
    app, db, make_case, units, handler
):
    case = make_case(unit=units["felanmalan"])
    assert not handling.has_personnummer(case)
    with app.test_request_context(), pytest.raises(handling.CaseError) as refused:
        handling.reveal_personnummer(case, actor=handler)
    assert refused.value.code == "no_personnummer"
    assert _looks(db) == []
