"""Personnummer and samordningsnummer, as eservices.parsers reads them."""

import dataclasses
import datetime

import pytest

from eservices.parsers import (
    InvalidPersonnummer,
    Personnummer,
    luhn_checksum_ok,
    parse_personnummer,
    with_check_digit,
)

TODAY = datetime.date(2024, 6, 15)


def number(yyyymmdd: str, serial: str = "123", separator: str = "-") -> str:
    """Build a 12-digit personnummer with a correct check digit from its parts."""
    ten = with_check_digit(yyyymmdd[2:] + serial)
    return f"{yyyymmdd[:2]}{ten[:6]}{separator}{ten[6:]}"


def reason_for(text: str, today: datetime.date = TODAY) -> str:
    with pytest.raises(InvalidPersonnummer) as excinfo:
        parse_personnummer(text, today)
    return excinfo.value.reason


# 811228-9874 and 640823-3234 are the textbook examples; their Luhn sums were checked by
# hand (50 and 40), so they anchor with_check_digit, which builds the other fixtures.
@pytest.mark.parametrize(
    ("first9", "expected"),
    [("811228987", "8112289874"), ("640823323", "6408233234"), ("811288987", "8112889871")],
)
def test_with_check_digit_matches_hand_computed_examples(first9, expected):
    assert with_check_digit(first9) == expected


@pytest.mark.parametrize("bad", ["", "81122898", "8112289870", "81122898x", "８１１２２８９８７"])
def test_with_check_digit_rejects_anything_but_nine_ascii_digits(bad):
    with pytest.raises(ValueError, match="nine ASCII digits"):
        with_check_digit(bad)


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("8112289874", True),
        ("6408233234", True),
        ("79927398713", True),  # the usual Luhn example, not a personnummer
        ("8112289875", False),
        ("", False),
        ("811228-9874", False),
        ("８１１２２８９８７４", False),
    ],
)
def test_luhn_checksum_ok(digits, ok):
    assert luhn_checksum_ok(digits) is ok


@pytest.mark.parametrize(
    "text",
    [
        "198112289874",
        "19811228-9874",
        "19811228+9874",  # with a century the separator changes nothing
        "8112289874",
        "811228-9874",
        "  811228-9874\n",
        "\t198112289874 ",
    ],
)
def test_every_accepted_form_normalises_to_the_same_number(text):
    parsed = parse_personnummer(text, TODAY)
    assert parsed.normalized == "198112289874"
    assert parsed.birth_date == datetime.date(1981, 12, 28)
    assert not parsed.is_coordination_number


def test_display_forms():
    parsed = parse_personnummer("8112289874", TODAY)
    assert parsed.formatted == "19811228-9874"
    assert str(parsed) == "19811228-9874"
    assert parsed.masked == "19811228-****"


def test_personnummer_is_immutable():
    parsed = parse_personnummer("811228-9874", TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.normalized = "196408233234"
    assert parsed == Personnummer("198112289874", datetime.date(1981, 12, 28), False)


def test_default_today_is_used_when_none_given():
    assert parse_personnummer("811228-9874").normalized == "198112289874"


@pytest.mark.parametrize("text", ["811228-9875", "198112289873", "19640823-3235"])
def test_wrong_check_digit_is_a_checksum_error(text):
    assert reason_for(text) == "checksum"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "811228",
        "81122-9874",
        "81122898745",
        "19811228-98740",
        "811228 9874",
        "19811228 9874",
        "811228--9874",
        "811228_9874",
        "1981-12-28-9874",
        "+8112289874",
        "811228-987X",
        "abcdefghij",
        "811228\n9874",
        "１９８１１２２８９８７４",  # fullwidth digits
        "٨١١٢٢٨-٩٨٧٤",  # Arabic-Indic digits
        "۸۱۱۲۲۸۹۸۷۴",  # Extended Arabic-Indic digits
        "811228-987４",  # one fullwidth digit among ASCII ones
    ],
)
def test_malformed_input_is_a_format_error(text):
    assert reason_for(text) == "format"


def test_invalid_person_number_is_a_value_error_with_a_message():
    with pytest.raises(ValueError, match="checksum"):
        parse_personnummer("811228-9875", TODAY)


@pytest.mark.parametrize(
    "text",
    [
        number("20230229"),  # not a leap year
        number("19000229"),  # century years are leap years only when divisible by 400
        number("19811328"),  # month 13
        number("19810028"),  # month 0
        number("19811200"),  # day 0
        number("19811232"),  # day 32
        number("19810431"),  # April has 30 days
        number("19811260"),  # a coordination number for day 0
        number("19811292"),  # a coordination number for day 32
        number("20240616"),  # tomorrow
        number("20991231"),
    ],
)
def test_impossible_or_future_dates_are_date_errors(text):
    assert reason_for(text) == "date"


def test_ten_digit_form_of_tomorrow_means_a_century_ago():
    text = number("20240616")[2:]
    assert parse_personnummer(text, TODAY).birth_date == datetime.date(1924, 6, 16)
    assert parse_personnummer(text.replace("-", "+"), TODAY).birth_date == datetime.date(
        1824, 6, 16
    )


def test_leap_day_is_valid_in_a_leap_year():
    assert parse_personnummer(number("20240229"), TODAY).birth_date == datetime.date(2024, 2, 29)
    assert parse_personnummer(number("20000229"), TODAY).birth_date == datetime.date(2000, 2, 29)


def test_born_today_is_not_in_the_future():
    assert parse_personnummer(number("20240615"), TODAY).birth_date == TODAY


def test_coordination_number_has_sixty_added_to_the_day():
    parsed = parse_personnummer("811288-9871", TODAY)
    assert parsed.is_coordination_number
    assert parsed.birth_date == datetime.date(1981, 12, 28)
    assert parsed.normalized == "198112889871"
    assert parsed.formatted == "19811288-9871"


@pytest.mark.parametrize(
    ("short", "expected_year"),
    [
        ("811228-", 1981),
        ("811228+", 1881),  # "+" means 100 or older
        ("240101-", 2024),
        ("240101+", 1924),
        ("240615-", 2024),  # today
        ("241231-", 1924),  # later this year would be the future
        ("241231+", 1824),
        ("000229-", 2000),
        ("991231-", 1999),
    ],
)
def test_century_of_ten_digit_forms(short, expected_year):
    yymmdd, separator = short[:6], short[6]
    ten = with_check_digit(yymmdd + "123")
    parsed = parse_personnummer(f"{yymmdd}{separator}{ten[6:]}", TODAY)
    assert parsed.birth_date.year == expected_year
    assert parsed.normalized == f"{expected_year}{ten[2:]}"


def test_century_follows_the_given_today():
    assert parse_personnummer("811228-9874", datetime.date(2081, 12, 28)).birth_date.year == 2081
    assert parse_personnummer("811228-9874", datetime.date(2081, 12, 27)).birth_date.year == 1981


def test_twelve_digit_form_with_plus_keeps_its_century():
    assert parse_personnummer(number("20100101", separator="+"), TODAY).birth_date.year == 2010


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (datetime.date(1981, 12, 28), 0),
        (datetime.date(1999, 12, 27), 17),
        (datetime.date(1999, 12, 28), 18),
        (datetime.date(2024, 6, 15), 42),
    ],
)
def test_age_on(on, age):
    assert parse_personnummer("811228-9874", TODAY).age_on(on) == age


def test_age_of_someone_born_on_a_leap_day():
    parsed = parse_personnummer(number("20000229"), TODAY)
    assert parsed.age_on(datetime.date(2018, 2, 28)) == 17
    assert parsed.age_on(datetime.date(2018, 3, 1)) == 18
    assert parsed.age_on(datetime.date(2020, 2, 29)) == 20


def test_every_day_of_a_leap_year_round_trips():
    today = datetime.date(2025, 1, 1)
    day = datetime.date(2024, 1, 1)
    checked = 0
    while day.year == 2024:
        for offset, coordination in ((0, False), (60, True)):
            yymmdd = f"{day:%y%m}{day.day + offset:02d}"
            serial = f"{day.timetuple().tm_yday % 1000:03d}"
            ten = with_check_digit(yymmdd + serial)
            for text in (f"20{ten}", f"20{ten[:6]}-{ten[6:]}", ten, f"{ten[:6]}-{ten[6:]}"):
                parsed = parse_personnummer(text, today)
                assert parsed.normalized == f"20{ten}"
                assert parsed.birth_date == day
                assert parsed.is_coordination_number is coordination
                assert parse_personnummer(parsed.formatted, today) == parsed
            checked += 1
        day += datetime.timedelta(days=1)
    assert checked == 2 * 366
