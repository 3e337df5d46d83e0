"""The queue and the case page, as a handler uses them, and what others cannot reach."""

import re

import pytest
from sqlalchemy import select

from eservices.cases.models import CaseMessage
from tests.conftest import check_page, csrf_token, staff_client


def _act(client, number, action, data=None):
    page = client.get(f"/handlaggning/arenden/{number}")
    return client.post(
        f"/handlaggning/arenden/{number}/{action}",
        data={"csrf_token": csrf_token(page.text), **(data or {})},
    )


def test_the_queue_shows_my_units_cases_with_views_and_search(app, make_case, handler):
    graffiti = make_case()  # routed to felanmalan
    make_case(category="park-och-lekplats")  # another unit's
    client = staff_client(app, handler)
    page = client.get("/handlaggning/")
    check_page(page)
    assert graffiti.number in page.text and "1 ärende" in page.text
    assert "Ej fördelade" in page.text
    found = client.get(f"/handlaggning/?q={graffiti.number}")
    assert graffiti.number in found.text
    missed = client.get("/handlaggning/?q=2099-999999")
    assert graffiti.number not in missed.text
    assert graffiti.number not in client.get("/handlaggning/?vy=mine").text


def test_a_handler_takes_decides_and_closes_a_case(app, db, make_case, handler):
    case = make_case()
    client = staff_client(app, handler)
    page = client.get(f"/handlaggning/arenden/{case.number}")
    check_page(page)
    assert "Klotter på skolan" in page.text
    _act(client, case.number, "ta")
    assert case.number in client.get("/handlaggning/?vy=mine").text
    _act(client, case.number, "status", {"status-status": "in_progress"})
    refused = _act(client, case.number, "beslut", {"decision-decision": "approved"})
    check_page(refused, status=400)
    assert "Fel: " in refused.text and 'id="decision-decision_text-error"' in refused.text
    assert re.search(r'<input checked[^>]*value="approved"', refused.text)  # the choice is kept
    _act(
        client,
        case.number,
        "beslut",
        {"decision-decision": "approved", "decision-decision_text": "Klottret tas bort."},
    )
    _act(client, case.number, "status", {"status-status": "closed"})
    db.session.expire_all()
    case = db.session.get(type(case), case.id)
    assert (case.status, case.decision) == ("closed", "approved")
    timeline = client.get(f"/handlaggning/arenden/{case.number}").text
    assert "Status: Beslutat" in timeline and "Status: Avslutat" in timeline


def test_a_move_the_workflow_does_not_allow_is_refused_over_http(app, db, make_case, handler):
    case = make_case()
    client = staff_client(app, handler)
    response = _act(client, case.number, "status", {"status-status": "closed"})
    assert "kan inte få den statusen" in client.get(response.headers["Location"]).text
    db.session.refresh(case)
    assert case.status == "received"


@pytest.mark.parametrize("who", ["handler of another unit", "moderator", "resident"])
def test_nobody_outside_the_unit_sees_or_changes_its_cases(
    app, db, make_case, make_staff, units, login_resident, client, who
):
    case = make_case()
    if who == "resident":
        login_resident()
        outsider = client
        expected = 403
    else:
        role, in_units = (
            ("handler", [units["trafik"]]) if who != "moderator" else ("moderator", [])
        )
        outsider = staff_client(app, make_staff(role=role, units=in_units))
        expected = 404 if who != "moderator" else 403
    assert outsider.get(f"/handlaggning/arenden/{case.number}").status_code == expected
    assert case.number not in outsider.get("/handlaggning/").text
    token = csrf_token(outsider.get("/").text)
    for action, data in [
        ("ta", {}),
        ("status", {"status-status": "in_progress"}),
        ("skriv", {"write-kind": "message", "write-body": "Hej"}),
        ("tilldela", {"assign-assignee": "1"}),
        ("overfor", {"transfer-unit": str(units["trafik"].id), "transfer-reason": "x"}),
    ]:
        response = outsider.post(
            f"/handlaggning/arenden/{case.number}/{action}", data={"csrf_token": token, **data}
        )
        assert response.status_code == expected, action
    revealed = outsider.post(
        f"/handlaggning/arenden/{case.number}/visa-personnummer", data={"csrf_token": token}
    )
    assert revealed.status_code == expected
    db.session.refresh(case)
    assert (case.assignee_id, case.status, case.unit_id) == (
        None,
        "received",
        units["felanmalan"].id,
    )
    assert not db.session.scalars(select(CaseMessage)).all()
