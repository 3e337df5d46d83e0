"""Swedish working days, for the moderation target."""

from datetime import date, timedelta

import pytest

from eservices.moderation.workdays import (
    add_working_days,
    is_working_day,
    latest_date_past_target,
    working_days_between,
)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 6, 17), True),  # a Wednesday
        (date(2026, 6, 19), False),  # Midsummer Eve
        (date(2026, 6, 20), False),  # Midsummer Day, a Saturday anyway
        (date(2026, 12, 24), False),  # Christmas Eve
        (date(2026, 12, 31), False),  # New Year's Eve
        (date(2026, 1, 6), False),  # Epiphany
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 6, 6), False),  # National Day, a Saturday
        (date(2027, 6, 7), True),  # an ordinary Monday
        (date(2026, 6, 21), False),  # a Sunday
    ],
)
def test_working_days_leave_out_weekends_holidays_and_their_eves(day, working):
    assert is_working_day(day) is working


def test_five_working_days_stretch_over_midsummer_and_christmas():
    assert add_working_days(date(2026, 6, 17), 5) == date(2026, 6, 25)
    assert add_working_days(date(2026, 12, 22), 5) == date(2027, 1, 4)


def test_working_days_between_counts_after_the_first_day_up_to_the_last():
    assert working_days_between(date(2026, 6, 15), date(2026, 6, 15)) == 0
    assert working_days_between(date(2026, 6, 15), date(2026, 6, 22)) == 4  # Fri 19 is Eve


def test_the_latest_date_past_target_agrees_with_adding_working_days():
    start = date(2026, 1, 1)
    for offset in range(400):
        today = start + timedelta(days=offset)
        last = latest_date_past_target(today, 5)
        assert add_working_days(last, 5) < today
        assert add_working_days(last + timedelta(days=1), 5) >= today
