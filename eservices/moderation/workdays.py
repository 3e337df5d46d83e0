"""Swedish working days: Monday to Friday, except public holidays and their eves.

Midsummer Eve, Christmas Eve and New Year's Eve are not public holidays in law but nobody
works them, so they do not count either. The calendar comes from the `holidays` library.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from eservices.database import SWEDEN

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=32)
def _days_off(year: int) -> frozenset[date]:
    calendar = holidays.Sweden(
        years=year, include_sundays=False, categories=("public", "de_facto")
    )
    return frozenset(calendar)


def is_working_day(day: date) -> bool:
    """True for a weekday that is neither a public holiday nor one of the eves."""
    return day.weekday() < 5 and day not in _days_off(day.year)


def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day``."""
    while count > 0:
        day += ONE_DAY
        count -= is_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days come after ``start`` up to and including ``end``."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day)
    return count


def swedish_date(moment: datetime) -> date:
    """The date in Sweden at an aware moment."""
    return moment.astimezone(SWEDEN).date()


def latest_date_past_target(today: date, target: int) -> date:
    """The latest submission date whose target of ``target`` working days ended before today.

    Everything received on or before this date is past the target; later is not.
    """
    day = today - ONE_DAY
    while add_working_days(day, target) >= today:
        day -= ONE_DAY
    return day
