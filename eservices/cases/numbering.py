"""Case numbers: YYYY-NNNNNN, gap-free and unique per year even under concurrent submits."""

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from eservices.cases.models import CaseNumberCounter
from eservices.extensions import db


def next_case_number(year):
    """Reserve the next number of `year` inside the caller's transaction.

    The counter row is incremented with one UPDATE, which the database serialises: two
    transactions never read the same value. The caller's rollback returns the number.
    """
    number = _increment(year)
    if number is None:
        # The first case of the year: create the counter, tolerating a concurrent creator.
        try:
            with db.session.begin_nested():
                db.session.add(CaseNumberCounter(year=year, last_number=0))
        except IntegrityError:
            pass
        number = _increment(year)
    return f"{year}-{number:06d}"


def _increment(year):
    result = db.session.execute(
        update(CaseNumberCounter)
        .where(CaseNumberCounter.year == year)
        .values(last_number=CaseNumberCounter.last_number + 1)
        .returning(CaseNumberCounter.last_number)
    )
    return result.scalar_one_or_none()


def current_count(year):
    """How many numbers `year` has handed out (for statistics and tests)."""
    return (
        db.session.scalar(
            select(CaseNumberCounter.last_number).where(CaseNumberCounter.year == year)
        )
        or 0
    )
