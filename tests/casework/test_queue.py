"""The handler's queue: each view shows exactly its cases, the filters and the search narrow
them, and the order is the one asked for in `sortera`."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from eservices.casework import services
from eservices.database import utcnow
from tests.conftest import check_page, staff_client
from tests.factories import at


def _numbers(page):
    """The case numbers listed on a queue page, in order."""
    return re.findall(r'<a class="identifier" href="[^"]+">([^<]+)</a>', page.text)


@pytest.fixture
def colleague(make_staff, units):
    return make_staff(role="handler", units=[units["felanmalan"]])


@pytest.fixture
def cases(db, make_case, units, handler, colleague):
    """One case of the handler's unit in each situation the views tell apart, by name."""
    now = utcnow()
    past, future = now - timedelta(days=2), now + timedelta(days=10)
    unit = units["felanmalan"]
    made = {
        "new": make_case(unit=unit, due_at=future),
        "new_overdue": make_case(unit=unit, due_at=past),
        "mine_overdue": make_case(unit=unit, status="in_progress", due_at=past),
        "theirs": make_case(unit=unit, status="in_progress", due_at=future),
        "paused_overdue": make_case(
            unit=unit, status="awaiting_info", due_at=past, paused_at=past
        ),
        "decided_overdue": make_case(unit=unit, due_at=past, decided_at=past),
        "closed": make_case(unit=unit, status="closed", due_at=past),
        "elsewhere": make_case(unit=units["trafik"], due_at=past),
    }
    for name, assignee in [
        ("mine_overdue", handler),
        ("theirs", colleague),
        ("paused_overdue", handler),
        ("decided_overdue", handler),
        ("closed", colleague),
    ]:
        made[name].assignee_id = assignee.id
    db.session.commit()
    return made


VIEWS = {
    "unassigned": {"new", "new_overdue"},
    "mine": {"mine_overdue", "paused_overdue"},
    "open": {"new", "new_overdue", "mine_overdue", "theirs", "paused_overdue"},
    "awaiting": {"paused_overdue"},
    "overdue": {"new_overdue", "mine_overdue"},
    "closed": {"decided_overdue", "closed"},
}


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_each_view_shows_exactly_its_cases(app, db, cases, handler, view):
    client = staff_client(app, handler)
    page = client.get(f"/handlaggning/?vy={view}")
    check_page(page)
    numbers = {name: case.number for name, case in cases.items()}
    assert set(_numbers(page)) == {numbers[name] for name in VIEWS[view]}


def test_the_tabs_count_what_each_view_shows(app, db, cases, handler):
    with app.test_request_context():
        counts = services.view_counts(handler)
    assert counts == {view: len(names) for view, names in VIEWS.items()}


def test_an_unknown_view_shows_the_open_cases(app, db, cases, handler):
    page = staff_client(app, handler).get("/handlaggning/?vy=allt")
    assert set(_numbers(page)) == {cases[name].number for name in VIEWS["open"]}


def test_finished_cases_are_in_no_open_view_and_other_units_in_no_count(
    app, db, make_case, units, handler
):
    make_case(unit=units["felanmalan"], status="closed")  # nobody's, yet not "unassigned"
    make_case(unit=units["trafik"], status="closed")
    with app.test_request_context():
        counts = services.view_counts(handler)
        unassigned = services.queue(handler, view="unassigned").items
    assert counts == {view: int(view == "closed") for view in VIEWS}
    assert unassigned == []


def test_a_case_due_right_now_is_not_yet_overdue(app, db, make_case, units, handler):
    now = utcnow()
    make_case(unit=units["felanmalan"], due_at=now)
    late = make_case(unit=units["felanmalan"], due_at=now - timedelta(seconds=1))
    with app.test_request_context():
        overdue = services.queue(handler, view="overdue", now=now).items
        counts = services.view_counts(handler, now=now)
    assert [case.number for case in overdue] == [late.number]
    assert counts["overdue"] == 1


@pytest.fixture
def dated(db, make_case, units):
    """Cases received and due in different orders; "b" and "d" are due at the same time."""
    unit = units["felanmalan"]
    made = {}
    for name, received, due in [
        ("a", at(2026, 3, 1), at(2026, 4, 20)),
        ("b", at(2026, 3, 2), at(2026, 4, 10)),
        ("c", at(2026, 3, 3), at(2026, 4, 15)),
        ("d", at(2026, 3, 4), at(2026, 4, 10)),
    ]:
        made[name] = make_case(unit=unit, submitted_at=received, due_at=due)
    return made


@pytest.mark.parametrize(
    "sort, order",
    [
        ("due", "bdca"),
        ("-due", "acdb"),
        ("received", "abcd"),
        ("-received", "dcba"),
        (None, "bdca"),  # the default: the soonest due first
        ("nonsense", "bdca"),
    ],
)
def test_the_queue_is_sorted_as_asked(app, db, dated, handler, sort, order):
    url = "/handlaggning/" + (f"?sortera={sort}" if sort else "")
    page = staff_client(app, handler).get(url)
    check_page(page)
    assert _numbers(page) == [dated[name].number for name in order]
    if sort in services.SORTS:
        assert f'<option value="{sort}" selected>' in page.text


@pytest.fixture
def applicants(make_case, make_resident, units):
    """Cases sent by Anna Andersson, Bo Berg and Östen Ågren."""
    anna = make_resident(pnr="19900315-2387", given_name="Anna", family_name="Andersson")
    bo = make_resident(pnr="19121212-1212", given_name="Bo", family_name="Berg")
    osten = make_resident(pnr="20150315-2389", given_name="Östen", family_name="Ågren")
    unit = units["felanmalan"]
    return {
        "anna": make_case(unit=unit, applicant=anna),
        "bo": make_case(unit=unit, applicant=bo),
        "osten": make_case(unit=unit, applicant=osten),
        "anonymous": make_case(unit=unit),
    }


@pytest.mark.parametrize(
    "query, found",
    [
        ("anna", {"anna"}),
        ("ANDERSSON", {"anna"}),
        ("Anna Andersson", {"anna"}),
        ("  berg ", {"bo"}),
        ("nna And", {"anna"}),
        ("Bo Andersson", set()),
        # Letters beyond ASCII match in either case, on every database.
        ("östen", {"osten"}),
        ("ÅGREN", {"osten"}),
        ("Östen Ågren", {"osten"}),
        # What a database would take as wildcards are only characters here.
        ("An%son", set()),
        ("Anders%son", set()),
        ("B_rg", set()),
        ("%", set()),
    ],
)
def test_the_search_finds_cases_by_the_applicants_name(app, db, applicants, handler, query, found):
    page = staff_client(app, handler).get("/handlaggning/", query_string={"q": query})
    check_page(page)
    assert set(_numbers(page)) == {applicants[name].number for name in found}


def test_the_search_finds_a_case_by_a_part_of_its_number(app, db, applicants, handler):
    number = applicants["bo"].number
    page = staff_client(app, handler).get("/handlaggning/", query_string={"q": number[-6:]})
    assert _numbers(page) == [number]


@pytest.mark.parametrize(
    "status, shown",
    [
        ("received", {"new", "new_overdue"}),
        ("in_progress", {"mine_overdue", "theirs"}),
        ("awaiting_info", {"paused_overdue"}),
        ("anything", VIEWS["open"]),  # not a status: no filter
    ],
)
def test_the_status_filter_shows_only_cases_in_that_status(app, db, cases, handler, status, shown):
    page = staff_client(app, handler).get(f"/handlaggning/?status={status}")
    check_page(page)
    assert set(_numbers(page)) == {cases[name].number for name in shown}


def test_the_closed_view_filtered_by_status_tells_decided_from_closed(app, db, cases, handler):
    client = staff_client(app, handler)
    decided = client.get("/handlaggning/?vy=closed&status=decided")
    assert _numbers(decided) == [cases["decided_overdue"].number]
    closed = client.get("/handlaggning/?vy=closed&status=closed")
    assert _numbers(closed) == [cases["closed"].number]


def test_the_service_and_the_dates_received_narrow_the_queue(app, db, dated, handler):
    with app.test_request_context():
        # From the moment "b" came in, up to (not including) the moment "d" did.
        page = services.queue(handler, since=at(2026, 3, 2), until=at(2026, 3, 4))
        assert {case.number for case in page.items} == {dated["b"].number, dated["c"].number}
        assert services.queue(handler, service="skolskjuts").items == []
        assert len(services.queue(handler, service="felanmalan").items) == 4


def test_the_queue_shows_25_cases_a_page_and_an_empty_page_past_the_end(
    app, db, make_case, units, handler
):
    for _ in range(26):
        make_case(unit=units["felanmalan"])
    client = staff_client(app, handler)
    first, second = client.get("/handlaggning/"), client.get("/handlaggning/?page=2")
    assert (len(_numbers(first)), len(_numbers(second))) == (25, 1)
    past = client.get("/handlaggning/?page=9")
    check_page(past)
    assert _numbers(past) == []


def test_the_service_gives_the_page_asked_for(app, db, dated, handler):
    with app.test_request_context():
        second = services.queue(handler, page=2, per_page=3).items
    assert [case.number for case in second] == [dated["a"].number]  # "bdc", then "a"


def _statements(db, client, url):
    """How many SQL statements a GET of ``url`` runs."""
    run = []

    def count(*args):
        run.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        check_page(client.get(url))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(run)


def test_the_queue_asks_for_its_handlers_at_once_however_many_there_are(
    app, db, make_case, make_staff, units, handler
):
    client = staff_client(app, handler)
    unit = units["felanmalan"]

    def assigned_case():
        case = make_case(unit=unit)
        case.assignee_id = make_staff(role="handler", units=[unit]).id
        db.session.commit()

    assigned_case()
    one = _statements(db, client, "/handlaggning/")
    for _ in range(3):
        assigned_case()
    assert _statements(db, client, "/handlaggning/") == one


def test_a_handler_of_no_unit_has_an_empty_queue(app, db, cases, make_staff):
    newcomer = make_staff(role="handler")
    page = staff_client(app, newcomer).get("/handlaggning/")
    check_page(page)
    assert _numbers(page) == []
    with app.test_request_context():
        assert set(services.view_counts(newcomer).values()) == {0}
