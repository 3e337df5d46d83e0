"""A date typed in three boxes: what is read, and why what is not read is refused."""

import datetime

import pytest

from eservices.parsers import InputError, parse_date_parts


@pytest.mark.parametrize(
    ("parts", "date"),
    [
        (("27", "3", "2026"), datetime.date(2026, 3, 27)),
        (("07", "03", "2026"), datetime.date(2026, 3, 7)),
        ((" 1 ", "1\u200b", "2024"), datetime.date(2024, 1, 1)),  # spaces and a pasted mark
        (("29", "2", "2024"), datetime.date(2024, 2, 29)),
    ],
)
def test_a_date_is_read_from_its_three_boxes(parts, date):
    assert parse_date_parts(*parts) == date


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        (("", "3", "2026"), "missing:day"),
        (("27", "", "2026"), "missing:month"),
        (("27", "3", " "), "missing:year"),
        (("", "", "2026"), "missing"),
        (("27", "3", "26"), "year"),
        (("29", "2", "2026"), "date"),
        (("27", "mars", "2026"), "date"),
        (("-1", "3", "2026"), "date"),
        (("٢٧", "3", "2026"), "date"),  # digits other than 0-9 are not read as numbers
    ],
)
def test_a_date_that_cannot_be_read_says_why(parts, reason):
    with pytest.raises(InputError) as refused:
        parse_date_parts(*parts)
    assert refused.value.reason == reason
