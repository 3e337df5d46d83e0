"""The figures managers follow: submissions by channel, lead times, backlog, completion requests.

Months are Swedish calendar months: a case submitted at 23:30 UTC on 31 January is counted
in February, as the resident saw the date. The grouping runs in SQL (see `_month_index`);
only the lead times come back case by case, because a median needs every value.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from sqlalchemy import Float, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from eservices.audit import services as audit
from eservices.cases import workflow
from eservices.cases.models import Case, CaseEvent
from eservices.catalogue.loading import get_catalogue
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.organisation.models import Unit

# The timeline entry written once per completion request (komplettering) sent to a resident.
COMPLETION_REQUESTED = "completion_requested"
# Longer periods make charts no one can read; the CSV of two periods covers the rest.
MAX_MONTHS = 24


# --- Periods ---------------------------------------------------------------------------


def add_months(month, count):
    """The first day of the month ``count`` months after ``month`` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_count(first, last):
    """How many months from ``first`` to ``last`` inclusive."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def month_start(month):
    """Midnight in Sweden on the first of ``month``, in UTC."""
    return datetime(month.year, month.month, 1, tzinfo=SWEDEN).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Whole Swedish calendar months, from ``first`` to ``last`` inclusive (both day 1)."""

    first: date
    last: date

    @classmethod
    def last_twelve_months(cls, now=None):
        """The current month in Sweden and the eleven before it."""
        today = (now or utcnow()).astimezone(SWEDEN).date()
        last = today.replace(day=1)
        return cls(add_months(last, -11), last)

    @property
    def months(self):
        """Every month of the period, oldest first."""
        return [add_months(self.first, n) for n in range(month_count(self.first, self.last))]

    @property
    def start(self):
        """The period's first instant, in UTC."""
        return month_start(self.first)

    @property
    def end(self):
        """The instant just after the period, in UTC."""
        return month_start(add_months(self.last, 1))


def quick_periods(now=None):
    """The periods a manager picks most, by name: the last 3 and 12 months, this year so far
    and last year."""
    current = Period.last_twelve_months(now).last
    return {
        "3": Period(add_months(current, -2), current),
        "12": Period(add_months(current, -11), current),
        "year": Period(current.replace(month=1), current),
        "last_year": Period(date(current.year - 1, 1, 1), date(current.year - 1, 12, 1)),
    }


def _month_index(column, period):
    """SQL: the position in ``period.months`` of the month the time falls in.

    One CASE over the month boundaries, computed in Python in Swedish time: the same SQL on
    SQLite and PostgreSQL, and exact across daylight saving time, which SQLite's date
    functions cannot be. Only meaningful for times inside the period.
    """
    months = period.months
    if len(months) == 1:
        return literal(0)
    return case(
        *((column < month_start(month), index) for index, month in enumerate(months[1:])),
        else_=len(months) - 1,
    )


class days_between(FunctionElement):  # lower case, like the SQL functions SQLAlchemy names
    """SQL: the time from the first timestamp to the second, in (fractional) days."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_postgresql(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION) / 86400.0"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


# --- Figures ---------------------------------------------------------------------------


def _share(part, whole):
    return part / whole if whole else None


@dataclass(frozen=True)
class Submissions:
    """Cases submitted through the e-service and cases registered by staff."""

    digital: int = 0
    staff: int = 0

    def __add__(self, other):
        return Submissions(self.digital + other.digital, self.staff + other.staff)

    @property
    def total(self):
        """All cases submitted."""
        return self.digital + self.staff

    @property
    def digital_share(self):
        """The share (0 to 1) submitted digitally; None without cases."""
        return _share(self.digital, self.total)


@dataclass(frozen=True)
class LeadTime:
    """The lead times, in days, of decided cases: from submitted to decided.

    The time a case waited for the resident's completion counts: this is the lead time as
    the resident lives it, not the handler's working time.
    """

    days: tuple[float, ...] = ()

    def __add__(self, other):
        return LeadTime(self.days + other.days)

    @property
    def decided(self):
        """How many decided cases the figures rest on."""
        return len(self.days)

    @cached_property
    def _sorted(self):
        return sorted(self.days)

    @property
    def median(self):
        """The middle value; with an even count, the mean of the two middle values."""
        return statistics.median(self._sorted) if self.days else None

    @property
    def p90(self):
        """The 90th percentile by the nearest-rank method: the smallest lead time that at
        least 90 % of the cases were decided within (the value at rank ⌈0.9·n⌉, 1-based).
        """
        if not self.days:
            return None
        rank = -(-9 * len(self.days) // 10)
        return self._sorted[rank - 1]


@dataclass(frozen=True)
class CompletionRequests:
    """Cases submitted, how many of them got at least one completion request, and how many
    requests were sent in all."""

    cases: int = 0
    with_request: int = 0
    requests: int = 0

    def __add__(self, other):
        return CompletionRequests(
            self.cases + other.cases,
            self.with_request + other.with_request,
            self.requests + other.requests,
        )

    @property
    def rate(self):
        """The share (0 to 1) of cases with a completion request; None without cases."""
        return _share(self.with_request, self.cases)


@dataclass(frozen=True)
class UnitBacklog:
    """A unit's open cases now, and how many of them are past their due date."""

    unit: Unit
    open: int
    overdue: int


@dataclass(frozen=True)
class Breakdown:
    """One kind of figure for a period: per month, per e-service, per both, and in all."""

    per_month: list  # [(month, figures)] for every month of the period
    per_service: list  # [(service_id, figures)] for services with cases, catalogue order
    detail: list  # [(month, service_id, figures)] for each pair with cases
    total: object


def breakdown(cells, period, empty):
    """Sum ``{(service_id, month): figures}`` by month, by service and in all."""
    by_month = defaultdict(empty)
    by_service = defaultdict(empty)
    for (service_id, month), figures in cells.items():
        by_month[month] += figures
        by_service[service_id] += figures
    order = _service_order()
    services = sorted(by_service, key=lambda service_id: order(service_id))
    return Breakdown(
        per_month=[(month, by_month[month]) for month in period.months],
        per_service=[(service_id, by_service[service_id]) for service_id in services],
        detail=[
            (month, service_id, cells[service_id, month])
            for month in period.months
            for service_id in services
            if (service_id, month) in cells
        ],
        total=sum(by_month.values(), empty()),
    )


def _service_order():
    # The catalogue's order (Swedish titles); services no longer in it last, by id.
    positions = {service.id: n for n, service in enumerate(get_catalogue().services)}
    return lambda service_id: (positions.get(service_id, len(positions)), service_id)


# --- Queries ---------------------------------------------------------------------------


def _cases_in(period, service_id, column):
    condition = (column >= period.start) & (column < period.end)
    if service_id:
        condition &= Case.service_id == service_id
    return condition


def submissions(period, service_id=None):
    """``{(service_id, month): Submissions}`` for cases submitted in the period."""
    inner = (
        select(
            Case.service_id,
            _month_index(Case.submitted_at, period).label("month"),
            (Case.channel == "digital").label("digital"),
        )
        .where(_cases_in(period, service_id, Case.submitted_at))
        .subquery()
    )
    rows = db.session.execute(
        select(
            inner.c.service_id,
            inner.c.month,
            func.count().filter(inner.c.digital),
            func.count().filter(~inner.c.digital),
        ).group_by(inner.c.service_id, inner.c.month)
    )
    months = period.months
    return {
        (service, months[month]): Submissions(digital, staff)
        for service, month, digital, staff in rows
    }


def lead_times(period, service_id=None):
    """``{(service_id, month): LeadTime}`` for cases decided in the period, by the month
    of the decision: a month's figure is what was decided then, however old the case."""
    rows = db.session.execute(
        select(
            Case.service_id,
            _month_index(Case.decided_at, period),
            days_between(Case.submitted_at, Case.decided_at),
        ).where(_cases_in(period, service_id, Case.decided_at))
    )
    days = defaultdict(list)
    months = period.months
    for service, month, value in rows:
        days[service, months[month]].append(float(value))
    return {key: LeadTime(tuple(values)) for key, values in days.items()}


def completion_requests(period, service_id=None):
    """``{(service_id, month): CompletionRequests}`` for cases submitted in the period."""
    requests = (
        select(CaseEvent.case_id, func.count().label("sent"))
        .where(CaseEvent.kind == COMPLETION_REQUESTED)
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    inner = (
        select(
            Case.service_id,
            _month_index(Case.submitted_at, period).label("month"),
            requests.c.sent,
        )
        .outerjoin(requests, requests.c.case_id == Case.id)
        .where(_cases_in(period, service_id, Case.submitted_at))
        .subquery()
    )
    rows = db.session.execute(
        select(
            inner.c.service_id,
            inner.c.month,
            func.count(),
            func.count(inner.c.sent),
            func.coalesce(func.sum(inner.c.sent), 0),
        ).group_by(inner.c.service_id, inner.c.month)
    )
    months = period.months
    return {
        (service, months[month]): CompletionRequests(cases, with_request, int(sent))
        for service, month, cases, with_request, sent in rows
    }


def backlog(service_id=None, now=None):
    """Each unit with open cases now: how many, and how many are overdue (open, not paused
    while awaiting the resident, and past the due date; as in the handlers' queue)."""
    now = now or utcnow()
    overdue = Case.paused_at.is_(None) & (Case.due_at < now)
    statement = (
        select(Unit, func.count(), func.count().filter(overdue))
        .join(Case, Case.unit_id == Unit.id)
        .where(Case.status.in_(workflow.OPEN_STATUSES))
        .group_by(Unit.id)
        .order_by(Unit.name_sv, Unit.id)
    )
    if service_id:
        statement = statement.where(Case.service_id == service_id)
    return [UnitBacklog(unit, open_, late) for unit, open_, late in db.session.execute(statement)]


@dataclass(frozen=True)
class Overview:
    """Everything the statistics page shows for a period and an optional e-service."""

    period: Period
    service_id: str | None
    submissions: Breakdown
    lead_times: Breakdown
    completion_requests: Breakdown
    backlog: list = field(default_factory=list)


def overview(period, service_id=None, now=None):
    """The statistics for the period (the backlog is as of now)."""
    return Overview(
        period=period,
        service_id=service_id,
        submissions=breakdown(submissions(period, service_id), period, Submissions),
        lead_times=breakdown(lead_times(period, service_id), period, LeadTime),
        completion_requests=breakdown(
            completion_requests(period, service_id), period, CompletionRequests
        ),
        backlog=backlog(service_id, now),
    )


def record_export(name, period, service_id, *, actor):
    """Write to the audit log that ``actor`` downloaded the statistics ``name``."""
    with transaction():
        audit.record(
            "statistics.exported",
            actor=actor,
            object_type="statistics",
            object_id=name,
            first_month=f"{period.first:%Y-%m}",
            last_month=f"{period.last:%Y-%m}",
            service=service_id,
        )
