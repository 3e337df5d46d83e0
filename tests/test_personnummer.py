"""Personnummer and samordningsnummer, as eservices.parsers reads them."""

import dataclasses
import datetime

import pytest

from eservices.parsers import (
    InvalidPersonnummer,
    Personnummer,
    luhn_checksum_ok,
    normalise_organisationsnummer,
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


# --- The public test vectors ----------------------------------------------------------------

# personnummer/meta testdata/list.json (and its 3.1 edition), shared by the personnummer
# libraries for C#, Go, Java, JavaScript, PHP, Python and others: long, short, separated
# and separated-long forms, "+" for 100 years or more, and samordningsnummer ("con").
FORMATS = ("long", "short", "separated", "separated_long")
VECTORS = [
    # long, short, separated, separated_long, valid, kind
    ("201509160006", "1509160006", "150916-0006", "20150916-0006", False, "ssn"),  # 000
    ("190905271474", "0905271474", "090527+1474", "19090527+1474", True, "ssn"),
    ("198707049996", "8707049996", "870704-9996", "19870704-9996", False, "ssn"),
    ("198211059954", "8211059954", "821105-9954", "19821105-9954", True, "ssn"),
    ("193901829913", "3901829913", "390182-9913", "19390182-9913", False, "con"),
    ("195705749959", "5705749959", "570574-9959", "19570574-9959", True, "con"),
    ("201211209941", "1211209941", "121120-9941", "20121120-9941", False, "ssn"),
    ("199012119948", "9012119948", "901211-9948", "19901211-9948", True, "ssn"),
    ("201210759984", "1210759984", "121075-9984", "20121075-9984", False, "con"),
    ("197306749982", "7306749982", "730674-9982", "19730674-9982", True, "con"),
    ("187912219990", "7912219990", "791221+9990", "18791221+9990", True, "ssn"),
    ("200012099891", "0012099891", "001209-9891", "20001209-9891", True, "ssn"),
    ("200904179998", "0904179998", "090417-9998", "20090417-9998", False, "ssn"),
    ("197605239917", "7605239917", "760523-9917", "19760523-9917", True, "ssn"),
    ("198706769971", "8706769971", "870676-9971", "19870676-9971", False, "con"),
    ("200308659978", "0308659978", "030865-9978", "20030865-9978", True, "con"),
    ("202201319983", "2201319983", "220131-9983", "20220131-9983", False, "ssn"),
    ("196703049988", "6703049988", "670304-9988", "19670304-9988", True, "ssn"),
    ("199509729980", "9509729980", "950972-9980", "19950972-9980", False, "con"),
    ("198406829906", "8406829906", "840682-9906", "19840682-9906", True, "con"),
    ("191509149991", "1509149991", "150914+9991", "19150914+9991", True, "ssn"),
    ("200007169915", "0007169915", "000716-9915", "20000716-9915", True, "ssn"),
]
# Listed as invalid in every form: a space is no separator, and interim numbers (a letter
# in place of a digit) are not personnummer.
NEVER = ["19090527 1474", "090527 1474"] + [
    form
    for letter in "PTRSUWXJKLMNA"
    for form in (f"20000101{letter}220", f"000101{letter}220", f"000101-{letter}220")
]
# personnummer/meta testdata/orgnumber.json: AP funds' organisation numbers, which are
# valid organisationsnummer and not personnummer.
ORGANISATIONS = ["857209-0606", "802005-1952", "802005-7538", "802406-2302", "855104-0721"]


def _each_form(valid=None):
    return [
        pytest.param(vector, form, id=f"{vector[3]}-{form}")
        for vector in VECTORS
        if valid is None or vector[4] is valid
        for form in FORMATS
    ]


@pytest.mark.parametrize("vector, form", _each_form())
def test_the_public_vectors_in_every_form(vector, form):
    text = vector[FORMATS.index(form)]
    if vector[4]:
        parse_personnummer(text, TODAY)
    else:
        assert reason_for(text) in ("date", "checksum")


@pytest.mark.parametrize("vector, form", _each_form(valid=True))
def test_a_valid_vector_reads_as_its_long_form_and_kind(vector, form):
    parsed = parse_personnummer(vector[FORMATS.index(form)], TODAY)
    assert parsed.is_coordination_number is (vector[5] == "con")
    # Without its "+", the short form of a centenarian is a child's number: it is a
    # valid number too, a century later.
    if not (form == "short" and "+" in vector[2]):
        assert parsed.normalized == vector[0]


@pytest.mark.parametrize("text", NEVER)
def test_what_the_vectors_never_accept(text):
    assert reason_for(text) == "format"


@pytest.mark.parametrize(
    "text",
    [
        "20150916-0006",
        "150916+0006",
        number("19811288", serial="000"),  # a samordningsnummer
        number("19900315", serial="000"),
    ],
)
def test_the_individual_number_000_is_never_issued(text):
    assert reason_for(text) == "checksum"


@pytest.mark.parametrize("text", ORGANISATIONS)
def test_an_organisation_number_is_not_a_personnummer(text):
    assert normalise_organisationsnummer(text) == text
    assert reason_for(text) in ("date", "checksum")


def test_python_stdnum_is_used_for_the_check_digit_but_cannot_read_these_numbers():
    # python-stdnum's se.personnummer refuses every samordningsnummer (it reads day 74 as
    # a date), takes a space for a separator and accepts the individual number 000, so the
    # parsing stays here and only the Luhn check comes from stdnum. Its se.orgnr agrees
    # with the vectors and is what normalise_organisationsnummer uses.
    from stdnum.se import orgnr, personnummer

    assert not personnummer.is_valid("730674-9982")
    assert personnummer.is_valid("150916-0006")
    assert all(orgnr.is_valid(text) for text in ORGANISATIONS)
