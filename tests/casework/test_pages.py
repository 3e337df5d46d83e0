"""The queue and the case page, as a handler uses them, and what others cannot reach."""

import re

import pytest
from sqlalchemy import select

from eservices.cases.models import CaseMessage
from tests.conftest import check_page, csrf_token, staff_client
from tests.factories import at


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


def test_the_queue_says_what_each_case_is_about(app, make_case, handler):
    make_case(category="klotter", answers={"location": {"description": "Vasaskolan"}})
    page = staff_client(app, handler).get("/handlaggning/")
    check_page(page)
    about = page.text.split('class="queue__summary">')[1].split("</span>")[0]
    # The service's title, then the answers felanmalan marks as its summary: what and where.
    assert '<span class="queue__title">Felanmälan</span>' in page.text
    assert about == "Klotter eller skadegörelse · Vasaskolan"


def test_a_long_summary_is_cut_at_a_word(app, make_case, handler):
    place = "Vid den stora eken " * 20
    make_case(category="klotter", answers={"location": {"description": place}})
    page = staff_client(app, handler).get("/handlaggning/")
    about = page.text.split('class="queue__summary">')[1].split("</span>")[0]
    assert about.startswith("Klotter eller skadegörelse · Vid den stora eken")
    assert about.endswith(" …")
    assert len(about) <= 100


def _dates(since=("", "", ""), until=("", "", "")):
    boxes = {}
    for name, parts in (("since", since), ("until", until)):
        boxes |= dict(zip((f"{name}-day", f"{name}-month", f"{name}-year"), parts, strict=True))
    return boxes


def test_the_queue_filters_by_dates_typed_in_three_boxes(app, make_case, handler):
    early = make_case(submitted_at=at(2026, 3, 2))
    late = make_case(submitted_at=at(2026, 3, 27))
    client = staff_client(app, handler)
    page = client.get("/handlaggning/", query_string=_dates(since=("20", "3", "2026")))
    check_page(page)
    assert late.number in page.text and early.number not in page.text
    assert 'name="since-day" type="text" inputmode="numeric" value="20"' in page.text
    until = client.get("/handlaggning/", query_string=_dates(until=("2", " 3 ", "2026")))
    assert early.number in until.text and late.number not in until.text


@pytest.mark.parametrize(
    ("since", "message", "wrong"),
    [
        (("20", "", "2026"), "”Inkommet från”: datumet saknar månad.", ["month"]),
        (("", "", "2026"), "ange dag, månad och år", ["day", "month"]),
        (("31", "2", "2026"), "ange ett datum som finns", ["day", "month", "year"]),
        (("1", "3", "26"), "skriv året med fyra siffror", ["year"]),
        (("1", "mars", "2026"), "ange ett datum som finns", ["day", "month", "year"]),
    ],
)
def test_a_date_that_cannot_be_read_is_named_next_to_its_boxes(
    app, make_case, handler, since, message, wrong
):
    case = make_case()
    page = staff_client(app, handler).get("/handlaggning/", query_string=_dates(since=since))
    check_page(page)
    assert "<title>Fel: " in page.text
    error = page.text.split('id="since-error">')[1].split("</p>")[0]
    assert message in error
    marked = re.findall(
        r'id="since-(\w+)" name="since-\w+" type="text" inputmode="numeric" '
        r'value="[^"]*" aria-invalid="true"',
        page.text,
    )
    assert marked == wrong
    for part, typed in zip(("day", "month", "year"), since, strict=True):
        assert f'name="since-{part}" type="text" inputmode="numeric" value="{typed}"' in page.text
    assert case.number in page.text  # the list is shown, unfiltered by the unread date


def test_the_date_boxes_speak_english_on_english_pages(app, make_case, handler):
    client = staff_client(app, handler)
    client.set_cookie("lang", "en")
    page = client.get("/handlaggning/", query_string=_dates(since=("20", "", "2026")))
    check_page(page)
    assert '<label class="date-input__label" for="since-day">Day</label>' in page.text
    assert "“Received from”: the date must include a month." in page.text
    assert "For example 27 3 2026" in page.text


def test_an_end_before_the_start_is_refused_at_the_end(app, make_case, handler):
    page = staff_client(app, handler).get(
        "/handlaggning/", query_string=_dates(since=("5", "3", "2026"), until=("1", "3", "2026"))
    )
    check_page(page)
    assert "Slutdatumet" in page.text.split('id="until-error">')[1].split("</p>")[0]
