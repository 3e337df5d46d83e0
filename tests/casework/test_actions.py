"""The case page offers what can be done to the case now, and nothing else."""

import pytest

from eservices.casework.services import possible_actions
from tests.conftest import check_page, staff_client
from tests.resident_cases import act


@pytest.fixture
def colleague(make_staff, units):
    """A second handler of the fault report's unit."""
    return make_staff(role="handler", units=[units["felanmalan"]])


@pytest.mark.parametrize(
    ("status", "moves", "decide"),
    [
        ("received", ("in_progress",), False),
        ("in_progress", ("closed",), True),
        ("awaiting_info", ("in_progress",), False),
        ("decided", ("closed",), False),
        ("closed", (), False),
    ],
)
def test_the_workflow_decides_which_moves_are_offered(
    make_case, handler, colleague, status, moves, decide
):
    actions = possible_actions(make_case(status=status), handler)
    assert (actions.moves, actions.decide) == (moves, decide)


def test_an_open_case_can_be_taken_assigned_transferred_and_written_on(
    make_case, handler, colleague, units
):
    actions = possible_actions(make_case(), handler)
    assert actions.take and actions.write
    assert {user.id for user in actions.colleagues} == {handler.id, colleague.id}
    assert {unit.slug for unit in actions.units} == {"park-och-natur", "trafik"}


def test_a_taken_case_is_not_taken_again_nor_given_to_its_own_handler(
    db, make_case, handler, colleague
):
    case = make_case(status="in_progress")
    case.assignee_id = handler.id
    db.session.commit()
    actions = possible_actions(case, handler)
    assert not actions.take
    assert [user.id for user in actions.colleagues] == [colleague.id]


@pytest.mark.parametrize("status", ["decided", "closed"])
def test_a_finished_case_cannot_be_assigned_transferred_or_written_on(
    make_case, handler, colleague, status
):
    actions = possible_actions(make_case(status=status), handler)
    assert (actions.take, actions.colleagues, actions.units, actions.write) == (
        False,
        (),
        (),
        False,
    )


def test_a_closed_case_offers_nothing(make_case, handler):
    assert not possible_actions(make_case(status="closed"), handler)


def test_a_handler_of_another_unit_is_offered_nothing(make_case, make_staff, units):
    outsider = make_staff(role="handler", units=[units["trafik"]])
    assert not possible_actions(make_case(), outsider)


def _page(client, case):
    page = client.get(f"/handlaggning/arenden/{case.number}")
    check_page(page)
    return page.text


def test_the_page_shows_decision_choices_only_when_a_decision_can_be_made(
    app, make_case, handler, colleague
):
    client = staff_client(app, handler)
    received = _page(client, make_case())
    assert 'name="decision-decision"' not in received
    assert "Påbörja handläggningen" in received and "Ta ärendet" in received
    in_progress = _page(client, make_case(status="in_progress"))
    assert 'name="decision-decision"' in in_progress and "Fatta beslut" in in_progress
    assert "Avsluta utan beslut" in in_progress


def test_a_decided_case_offers_closing_only(app, make_case, handler, colleague):
    page = _page(staff_client(app, handler), make_case(status="decided"))
    assert "Avsluta ärendet" in page
    for offer in ('name="assign-assignee"', 'name="transfer-unit"', 'name="decision-decision"'):
        assert offer not in page
    assert 'name="write-body"' not in page and "Ta ärendet" not in page


def test_a_closed_case_shows_no_forms_and_says_why(app, make_case, handler, colleague):
    page = _page(staff_client(app, handler), make_case(status="closed"))
    assert 'name="assign-assignee"' not in page and 'name="status-status"' not in page
    assert "Ärendet är avslutat" in page


@pytest.mark.parametrize(
    ("action", "data", "field", "message"),
    [
        ("tilldela", {"assign-assignee": ""}, "assign-assignee", "Välj kollegan"),
        (
            "overfor",
            {"transfer-unit": "", "transfer-reason": "Fel enhet"},
            "transfer-unit",
            "Välj enheten",
        ),
    ],
)
def test_colleague_and_unit_are_required_with_the_error_next_to_them(
    app, make_case, handler, colleague, action, data, field, message
):
    case = make_case()
    response = act(staff_client(app, handler), case.number, action, data)
    check_page(response, status=400)
    assert f'<p class="field__error" id="{field}-error">' in response.text
    assert message in response.text
    label = response.text.split(f'for="{field}"')[1].split("</label>")[0]
    assert "valfritt" not in label
    if action == "overfor":
        assert "Fel enhet</textarea>" in response.text  # the reason typed is kept


def test_a_move_the_page_does_not_offer_is_refused(app, db, make_case, handler):
    case = make_case(status="in_progress")
    client = staff_client(app, handler)
    response = act(client, case.number, "status", {"status-status": "awaiting_info"})
    assert "kan inte få den statusen" in client.get(response.headers["Location"]).text
    db.session.refresh(case)
    assert case.status == "in_progress"


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("tilldela", {"assign-assignee": "1"}),
        ("beslut", {"decision-decision": "approved", "decision-decision_text": "Ja"}),
        ("skriv", {"write-kind": "note", "write-body": "Hej"}),
    ],
)
def test_a_step_a_closed_case_no_longer_offers_is_refused_with_a_message(
    app, db, make_case, handler, action, data
):
    case = make_case(status="closed")
    client = staff_client(app, handler)
    response = act(client, case.number, action, data)
    assert response.status_code == 302
    assert "kan inte längre göras" in client.get(response.headers["Location"]).text
    db.session.refresh(case)
    assert (case.status, case.assignee_id, case.decision) == ("closed", None, None)
