"""What a crafted POST can ask for and is refused: a transfer to a unit that takes no cases
or to the case's own unit, and taking, giving away or moving a closed case."""

import pytest

from eservices.cases import handling
from eservices.cases.models import Case
from tests.resident_cases import act


def _fresh(db, case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


@pytest.fixture
def inactive(db, units):
    """The trafik unit, shut down: it receives no more cases."""
    units["trafik"].is_active = False
    db.session.commit()
    return units["trafik"]


def test_a_crafted_transfer_to_an_inactive_unit_is_refused(
    db, make_case, units, handler_client, inactive
):
    case = make_case(unit=units["felanmalan"])
    page = handler_client.get(f"/handlaggning/arenden/{case.number}").text
    assert "Enhet trafik" not in page and "Enhet park-och-natur" in page
    response = act(
        handler_client,
        case.number,
        "overfor",
        {"transfer-unit": str(inactive.id), "transfer-reason": "Gäller en skylt"},
    )
    # Not among the units offered: refused at the field, with the reason typed kept.
    assert response.status_code == 400
    assert "Välj ett av alternativen för ”Enhet”." in response.text
    assert "Gäller en skylt</textarea>" in response.text
    assert _fresh(db, case).unit_id == units["felanmalan"].id


@pytest.mark.parametrize("where", ["inactive", "own", "committee"])
def test_the_service_refuses_a_transfer_the_form_would_not_offer(
    app, db, make_case, units, handler, inactive, make_committee, where
):
    case = make_case(unit=units["felanmalan"])
    target = {
        "inactive": inactive,
        "own": units["felanmalan"],
        "committee": make_committee(),
    }[where]
    with app.test_request_context(), pytest.raises(handling.CaseError) as refused:
        handling.transfer(case, target, "Fel enhet", actor=handler)
    assert refused.value.code == "same_or_inactive_unit"
    case = _fresh(db, case)
    assert (case.unit_id, case.status) == (units["felanmalan"].id, "received")
    assert target not in handling.other_units(case)


def test_a_crafted_transfer_to_the_own_unit_is_refused(db, make_case, units, handler_client):
    case = make_case(unit=units["felanmalan"])
    response = act(
        handler_client,
        case.number,
        "overfor",
        {"transfer-unit": str(units["felanmalan"].id), "transfer-reason": "Samma"},
    )
    assert response.status_code == 400
    assert "Välj ett av alternativen för ”Enhet”." in response.text
    assert _fresh(db, case).unit_id == units["felanmalan"].id


@pytest.mark.parametrize("status", ["decided", "closed"])
def test_a_decided_or_closed_case_cannot_be_taken(
    db, make_case, units, handler, handler_client, status
):
    case = make_case(unit=units["felanmalan"], status=status)
    response = act(handler_client, case.number, "ta")
    assert "Ärendet är avslutat." in handler_client.get(response.headers["Location"]).text
    assert _fresh(db, case).assignee_id is None


def test_taking_a_case_a_colleague_has_just_taken_is_refused_with_why(
    db, make_case, units, make_staff, handler_client
):
    case = make_case(unit=units["felanmalan"])
    colleague = make_staff(role="handler", units=[units["felanmalan"]])
    handling.claim(case, actor=colleague)
    response = act(handler_client, case.number, "ta")
    page = handler_client.get(response.headers["Location"]).text
    assert "En kollega har redan tagit ärendet." in page
    assert _fresh(db, case).assignee_id == colleague.id


STEPS = {
    "claim": lambda case, handler, units: handling.claim(case, actor=handler),
    "assign": lambda case, handler, units: handling.assign(case, handler, actor=handler),
    "transfer": lambda case, handler, units: handling.transfer(
        case, units["trafik"], "Fel enhet", actor=handler
    ),
}


@pytest.mark.parametrize("step", sorted(STEPS))
def test_the_service_refuses_every_hand_over_of_a_closed_case(
    app, db, make_case, units, handler, step
):
    case = make_case(unit=units["felanmalan"], status="closed")
    with app.test_request_context(), pytest.raises(handling.CaseError) as refused:
        STEPS[step](case, handler, units)
    assert refused.value.code == "closed"
    case = _fresh(db, case)
    assert (case.assignee_id, case.unit_id) == (None, units["felanmalan"].id)


def test_a_case_cannot_be_given_to_an_inactive_or_non_handling_colleague(
    app, db, make_case, units, make_staff, handler
):
    case = make_case(unit=units["felanmalan"])
    gone = make_staff(role="handler", units=[units["felanmalan"]])
    gone.is_active = False
    manager = make_staff(role="manager", units=[units["felanmalan"]])
    db.session.commit()
    for colleague in (gone, manager):
        with app.test_request_context(), pytest.raises(handling.CaseError) as refused:
            handling.assign(case, colleague, actor=handler)
        assert refused.value.code == "not_in_unit"
    assert _fresh(db, case).assignee_id is None
    assert handling.colleagues(case) == [handler]
