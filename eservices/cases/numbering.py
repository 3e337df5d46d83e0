"""Case numbers: YYYY-NNNNNN, gap-free and unique per year even under concurrent submits."""

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from eservices.cases.models import CaseNumberCounter
from eservices.extensions import db


def next_case_number(year):
    """Reserve the next number of `year` inside the caller's transaction.

    The counter row is incremented with one UPDATE, which the database serialises: two
    transactions never read the same value. The caller's rollback returns the number.
    """
    number = _increment(year)  # pragma: no mutate
    if number is None:
        # The first case of the year: create the counter, tolerating a concurrent creator.
        try:
            with db.session.begin_nested():
                db.session.add(CaseNumberCounter(year=year))
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
