"""The figures: Swedish months, channel shares, lead times, backlog and completion requests."""

from datetime import date, timedelta

import pytest

from eservices.statistics import services
from eservices.statistics.services import LeadTime, Period
from tests.factories import at

JAN, FEB, MAR, APR = (date(2026, m, 1) for m in (1, 2, 3, 4))
FIRST_QUARTER = Period(JAN, MAR)


@pytest.fixture
def unit(make_unit):
    """The unit that gets the cases."""
    return make_unit(slug="felanmalan", name_sv="Felanmälan och drift", name_en="Fault reports")


def test_cases_count_in_the_swedish_month_they_arrived_in(db, unit, make_case):
    make_case(
        unit=unit, submitted_at=at(2025, 12, 31, 22, 59)
    )  # 23:59 on New Year's Eve in Sweden
    make_case(unit=unit, submitted_at=at(2025, 12, 31, 23, 0))  # 00:00 on 1 January in Sweden
    make_case(unit=unit, submitted_at=at(2026, 1, 31, 23, 30))  # 00:30 on 1 February (CET, +1)
    make_case(unit=unit, submitted_at=at(2026, 3, 31, 21, 30))  # 23:30 on 31 March (CEST, +2)
    make_case(
        unit=unit, submitted_at=at(2026, 3, 31, 22, 30)
    )  # 00:30 on 1 April: after the period
    figures = services.submissions(FIRST_QUARTER)
    assert {month: cell.total for (_service, month), cell in figures.items()} == {
        JAN: 1,
        FEB: 1,
        MAR: 1,
    }


def test_submissions_split_digital_from_registered_by_staff(db, unit, make_case):
    for channel in ("digital", "digital", "digital", "paper", "phone"):
        make_case(unit=unit, submitted_at=at(2026, 2, 10), channel=channel)
    make_case(
        unit=unit,
        submitted_at=at(2026, 2, 11),
        channel="visit",
        service_id="synpunkter-och-klagomal",
    )
    make_case(unit=unit, submitted_at=at(2026, 3, 1), service_id="synpunkter-och-klagomal")
    result = services.breakdown(
        services.submissions(FIRST_QUARTER), FIRST_QUARTER, services.Submissions
    )
    by_month = dict(result.per_month)
    assert [month for month, _figures in result.per_month] == [JAN, FEB, MAR]
    assert (by_month[JAN].total, by_month[JAN].digital_share) == (0, None)
    assert (by_month[FEB].digital, by_month[FEB].staff) == (3, 3)
    assert by_month[FEB].digital_share == 0.5
    assert (by_month[MAR].digital, by_month[MAR].staff) == (1, 0)
    by_service = dict(result.per_service)
    assert (by_service["felanmalan"].digital, by_service["felanmalan"].staff) == (3, 2)
    assert by_service["felanmalan"].digital_share == 0.6
    assert by_service["synpunkter-och-klagomal"].total == 2
    assert result.total.total == 7
    assert [(m, s, f.total) for m, s, f in result.detail] == [
        (FEB, "felanmalan", 5),
        (FEB, "synpunkter-och-klagomal", 1),
        (MAR, "synpunkter-och-klagomal", 1),
    ]
    only = services.submissions(FIRST_QUARTER, "synpunkter-och-klagomal")
    assert {key[0] for key in only} == {"synpunkter-och-klagomal"}


@pytest.mark.parametrize(
    ("days", "median", "p90"),
    [
        ((5, 1, 4, 2, 3), 3, 5),  # odd: the middle value; rank ⌈4.5⌉ = 5
        ((4, 1, 3, 2), 2.5, 4),  # even: the mean of the middle two; rank ⌈3.6⌉ = 4
        (tuple(range(1, 11)), 5.5, 9),  # rank ⌈9.0⌉ = 9
        (tuple(range(1, 12)), 6, 10),  # rank ⌈9.9⌉ = 10
        ((7.25,), 7.25, 7.25),
        ((), None, None),
    ],
)
def test_median_and_nearest_rank_90th_percentile(days, median, p90):
    lead_time = LeadTime(days)
    assert (lead_time.decided, lead_time.median, lead_time.p90) == (len(days), median, p90)


def test_lead_time_counts_decided_cases_by_the_month_of_the_decision(db, unit, make_case):
    submitted = at(2026, 2, 2, 8)
    for days in (1, 2, 3, 4, 5):
        make_case(unit=unit, submitted_at=submitted, decided_at=submitted + timedelta(days=days))
    make_case(
        unit=unit, submitted_at=submitted, decided_at=submitted + timedelta(days=1, hours=12)
    )  # 1.5 days
    make_case(
        unit=unit, submitted_at=at(2025, 11, 20), decided_at=at(2026, 1, 10, 12)
    )  # an old case, decided in Jan
    make_case(unit=unit, submitted_at=submitted)  # not decided: no lead time
    make_case(unit=unit, submitted_at=submitted, status="closed")  # withdrawn without a decision
    make_case(
        unit=unit, submitted_at=at(2026, 3, 20), decided_at=at(2026, 4, 2)
    )  # decided after the period
    make_case(
        unit=unit,
        submitted_at=submitted,
        decided_at=submitted + timedelta(days=9),
        service_id="skolskjuts",
    )
    result = services.breakdown(services.lead_times(FIRST_QUARTER), FIRST_QUARTER, LeadTime)
    by_month = dict(result.per_month)
    assert by_month[JAN].decided == 1 and by_month[JAN].median == pytest.approx(51)
    assert by_month[MAR].decided == 0 and by_month[MAR].median is None
    february = by_month[FEB]
    assert february.decided == 7
    assert february.median == pytest.approx(3)  # 1, 1.5, 2, 3, 4, 5, 9
    assert february.p90 == pytest.approx(9)  # rank ⌈6.3⌉ = 7
    fault_reports = dict(result.per_service)["felanmalan"]
    assert fault_reports.decided == 7  # February's six and January's one
    assert fault_reports.median == pytest.approx(3)  # 1, 1.5, 2, 3, 4, 5, 51
    assert dict(result.per_service)["skolskjuts"].days == pytest.approx((9,))
    only = services.lead_times(FIRST_QUARTER, "skolskjuts")
    assert list(only) == [("skolskjuts", FEB)]


def test_backlog_and_overdue_per_unit_now(db, unit, make_unit, make_case):
    now = at(2026, 3, 15)
    park = make_unit(slug="park-och-natur", name_sv="Park och natur", name_en="Parks")
    make_unit(slug="trafik", name_sv="Trafik", name_en="Traffic")  # no open cases
    make_case(unit=unit, submitted_at=at(2026, 3, 10))  # due on 24 March: open
    make_case(
        unit=unit, submitted_at=at(2026, 2, 1), status="in_progress"
    )  # due on 15 February: overdue
    make_case(
        unit=unit, submitted_at=at(2026, 2, 1), service_id="skolskjuts"
    )  # overdue, another service
    make_case(
        unit=unit, submitted_at=at(2026, 2, 1), status="awaiting_info", paused_at=at(2026, 2, 5)
    )  # paused
    make_case(
        unit=unit, submitted_at=at(2026, 1, 1), decided_at=at(2026, 1, 20)
    )  # decided: not open
    make_case(unit=park, submitted_at=at(2026, 1, 1), status="closed")
    make_case(unit=park, submitted_at=at(2026, 3, 14))
    rows = services.backlog(now=now)
    assert [(row.unit.slug, row.open, row.overdue) for row in rows] == [
        ("felanmalan", 4, 2),
        ("park-och-natur", 1, 0),
    ]
    only = services.backlog("skolskjuts", now=now)
    assert [(row.unit.slug, row.open, row.overdue) for row in only] == [("felanmalan", 1, 1)]


def test_completion_request_rate_per_service_and_month(db, unit, make_case):
    make_case(unit=unit, submitted_at=at(2026, 1, 5), completion_requests=2)
    make_case(unit=unit, submitted_at=at(2026, 1, 6), completion_requests=1)
    make_case(unit=unit, submitted_at=at(2026, 1, 7))
    make_case(unit=unit, submitted_at=at(2026, 1, 8))
    make_case(unit=unit, submitted_at=at(2026, 2, 8), completion_requests=1)
    make_case(unit=unit, submitted_at=at(2026, 2, 9), service_id="skolskjuts")
    make_case(unit=unit, submitted_at=at(2025, 12, 1), completion_requests=3)  # before the period
    result = services.breakdown(
        services.completion_requests(FIRST_QUARTER),
        FIRST_QUARTER,
        services.CompletionRequests,
    )
    cells = {(month, service): figures for month, service, figures in result.detail}
    january = cells[JAN, "felanmalan"]
    assert (january.cases, january.with_request, january.requests) == (4, 2, 3)
    assert january.rate == 0.5
    assert cells[FEB, "felanmalan"].rate == 1
    assert cells[FEB, "skolskjuts"].rate == 0
    fault_reports = dict(result.per_service)["felanmalan"]
    assert (fault_reports.cases, fault_reports.with_request, fault_reports.requests) == (5, 3, 4)
    assert fault_reports.rate == 0.6
    assert result.total.cases == 6


def test_other_timeline_entries_are_not_completion_requests(db, unit, make_case):
    from eservices.cases.models import CaseEvent

    case = make_case(unit=unit, submitted_at=at(2026, 1, 5))
    db.session.add(CaseEvent(case_id=case.id, kind="status_changed", created_at=at(2026, 1, 6)))
    db.session.commit()
    (figures,) = services.completion_requests(FIRST_QUARTER).values()
    assert (figures.cases, figures.with_request, figures.requests) == (1, 0, 0)


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        (at(2026, 3, 15), date(2025, 4, 1), MAR),
        (at(2025, 12, 31, 23, 30), date(2025, 2, 1), JAN),  # already 2026 in Sweden
    ],
)
def test_the_default_period_is_the_last_twelve_swedish_months(now, first, last):
    period = Period.last_twelve_months(now)
    assert (period.first, period.last, len(period.months)) == (first, last, 12)


def test_a_period_runs_from_swedish_midnight_to_swedish_midnight():
    assert Period(JAN, MAR).start == at(2025, 12, 31, 23)
    assert Period(JAN, MAR).end == at(2026, 3, 31, 22)  # summer time began on 29 March
    assert Period(APR, APR).months == [APR]


@pytest.mark.parametrize(
    ("share", "language", "shown"),
    [
        (0.125, "en", "12.5%"),
        (0.125, "sv", "12,5\u00a0%"),
        (1 / 3, "sv", "33,3\u00a0%"),
        (0.5, "en", "50%"),
        (None, "en", "–"),
    ],
)
def test_a_share_keeps_its_tenth_of_a_percent(app, share, language, shown):
    from eservices.statistics.labels import percent

    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        assert percent(share) == shown
