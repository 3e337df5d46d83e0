"""The seat split, against published worked examples, and `flask election seats`."""

import json
from fractions import Fraction

import pytest

from eservices.youth import seats

# Wikipedia, "Largest remainders method": 100,000 votes, 10 seats, Hare quota 10,000.
WIKIPEDIA_HARE = ((47_000, 16_000, 15_800, 12_000, 6_100, 3_100), 10, (5, 2, 1, 1, 1, 0))
# Wikipedia, "Sainte-Laguë method": parties A–D, 8 seats (D'Hondt would give 4, 3, 1, 0).
WIKIPEDIA_WEBSTER = ((100_000, 80_000, 30_000, 20_000), 8, (3, 3, 1, 1))
# Gothenburg 2023: Nordost 19, Centrum 17, Sydväst 20, Hisingen 25 of 81 members. The city
# does not publish the child populations it used; these are in proportion to the seats.
GOTHENBURG_2023 = (24_500, 21_800, 25_900, 32_100)


def test_hamilton_matches_the_worked_example():
    populations, total, expected = WIKIPEDIA_HARE
    result = seats.hamilton(populations, total)
    assert result.seats == expected
    assert not result.is_tie
    # The working shows the quota and remainder that earned the extra seats.
    assert [row.whole for row in result.rows] == [4, 1, 1, 1, 0, 0]
    assert [row.extra for row in result.rows] == [True, True, False, False, True, False]
    assert result.rows[4].remainder == Fraction(61, 100)


def test_sainte_lague_matches_the_worked_example():
    populations, total, expected = WIKIPEDIA_WEBSTER
    result = seats.sainte_lague(populations, total)
    assert result.seats == expected
    # A/5 and D/1 both make 20,000 for seats 6 and 7: equal, but both get a seat, no tie.
    assert [(a.seat, a.area, a.quotient) for a in result.awards[5:7]] == [
        (6, 0, 20_000),
        (7, 3, 20_000),
    ]
    assert not result.is_tie


def test_the_swedish_first_divisor_costs_a_small_area_its_first_seat():
    # Worked by hand. Plain: 100, 45, 33.3 (A/3), 20 (A/5), 17 (C/1): C wins seat 5.
    # With 1.2: 83.3, 37.5, 33.3, 20, then B/3 = 15 beats A/7 = 14.29 and C/1.2 = 14.17.
    assert seats.sainte_lague((100, 45, 17), 5).seats == (3, 1, 1)
    modified = seats.split(seats.MODIFIED_SAINTE_LAGUE, (100, 45, 17), 5)
    assert modified.seats == (3, 2, 0)
    assert modified.awards[0].divisor == Fraction(6, 5)
    assert modified.awards[4].quotient == 15


@pytest.mark.parametrize("method", seats.METHODS)
def test_gothenburg_2023_members_and_deputies(method):
    assert seats.split(method, GOTHENBURG_2023, 81).seats == (19, 17, 20, 25)
    assert sum(seats.split(method, GOTHENBURG_2023, 20).seats) == 20


def test_a_tie_for_the_last_seat_is_reported_not_decided():
    # With a first divisor of 1.4, A/7 and D/1.4 are both exactly 14,285.714… for seat 8.
    result = seats.split(
        seats.MODIFIED_SAINTE_LAGUE, WIKIPEDIA_WEBSTER[0], 8, first_divisor=Fraction(7, 5)
    )
    assert result.is_tie
    assert result.tied == (0, 3)
    assert result.tied_seats == 1
    assert result.seats == (3, 3, 1, 0)
    assert "TIE: area 1, area 4" in seats.working(result)[-2]


def test_hamilton_reports_a_tie_between_equal_remainders():
    result = seats.hamilton((1, 1, 1), 2)
    assert (result.tied, result.tied_seats, result.seats) == ((0, 1, 2), 2, (0, 0, 0))


def test_equal_claims_that_all_fit_are_no_tie():
    assert seats.hamilton((1, 1, 1), 3).seats == (1, 1, 1)
    assert not seats.sainte_lague((5, 5), 2).is_tie


@pytest.mark.parametrize(
    ("populations", "total", "message"),
    [((), 3, "no areas"), ((0, 0), 3, "zero"), ((5, -1), 3, "negative"), ((5,), -1, "seats")],
)
def test_impossible_splits_are_refused(populations, total, message):
    with pytest.raises(seats.SeatSplitError, match=message):
        seats.hamilton(populations, total)


@pytest.mark.parametrize("text", ["0.9", "abc", ""])
def test_first_divisor_must_be_a_number_of_at_least_one(text):
    with pytest.raises(seats.SeatSplitError):
        seats.parse_divisor(text)


def test_first_divisor_may_be_written_with_a_comma():
    assert seats.parse_divisor("1,2") == Fraction(6, 5)


# --- flask election seats --------------------------------------------------------------


def run(app, *args):
    return app.test_cli_runner().invoke(args=["election", "seats", *args])


def test_the_command_prints_only_the_json_list_in_the_order_given(app):
    result = run(app, "--method", "hamilton", "--seats", "10", "--json", "3100", "47000", "6100")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [1, 8, 1]


@pytest.mark.parametrize("method", seats.METHODS)
def test_the_command_splits_gothenburg(app, method):
    result = run(app, "--method", method, "--seats", "81", "--json", *map(str, GOTHENBURG_2023))
    assert json.loads(result.stdout) == [19, 17, 20, 25]


def test_the_command_shows_its_working(app):
    result = run(app, "--method", "sainte-lague", "--seats", "8", *map(str, WIKIPEDIA_WEBSTER[0]))
    assert result.exit_code == 0
    assert "seat 8: area 2, 80000 / 5.00 = 16000.0000" in result.stdout
    assert result.stdout.rstrip().endswith("Seats: area 1 3, area 2 3, area 3 1, area 4 1")


def test_the_command_reports_a_tie_and_fails(app):
    populations = map(str, WIKIPEDIA_WEBSTER[0])
    args = ["--method", "modified-sainte-lague", "--first-divisor", "1.4", "--seats", "8"]
    result = run(app, *args, "--json", *populations)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "TIE: area 1, area 4" in result.stderr


def test_the_command_refuses_a_divisor_for_a_method_without_one(app):
    result = run(app, "--method", "hamilton", "--first-divisor", "1.2", "--seats", "3", "1", "2")
    assert result.exit_code == 2
    assert "only modified-sainte-lague" in result.stderr
