"""The count per area, the tie lottery anyone can re-run, and the hash certification freezes."""

import hashlib

import pytest

from eservices.youth import tally
from eservices.youth.tally import BLANK

SEED = "9f" * 32


def ballots(area, **votes):
    """A ballot list with `votes[candidate]` ballots for each candidate, trackers unique."""
    rows = []
    for candidate, number in votes.items():
        rows += [(f"{area}-{candidate}-{i}", area, candidate) for i in range(number)]
    return rows


def test_most_votes_are_members_then_deputies_and_the_rest_are_not_elected():
    (result,) = tally.count(
        {"Centrum": (["ali", "bea", "cia", "dan"], 2, 1)},
        ballots("Centrum", ali=5, bea=9, cia=1, dan=3),
        SEED,
    )
    assert result.members == ["bea", "ali"]
    assert result.deputies == ["dan"]
    assert result.votes == {"ali": 5, "bea": 9, "cia": 1, "dan": 3}
    assert result.lotteries == []


def test_blank_votes_count_in_the_turnout_but_for_nobody():
    rows = ballots("Nordost", ali=2) + [
        ("t-blank1", "Nordost", BLANK),
        ("t-blank2", "Nordost", BLANK),
    ]
    (result,) = tally.count({"Nordost": (["ali", "bea"], 1, 1)}, rows, SEED)
    assert result.blank == 2
    assert result.total == 4
    assert result.votes == {"ali": 2, "bea": 0}


def test_a_tie_for_the_last_seat_is_drawn_by_the_seeded_lottery_and_recorded():
    areas = {"Hisingen": (["ali", "bea", "cia"], 1, 1)}
    rows = ballots("Hisingen", ali=4, bea=2, cia=2)
    (result,) = tally.count(areas, rows, SEED)
    (lottery,) = result.lotteries
    assert sorted(lottery["candidates"]) == ["bea", "cia"]
    assert lottery["places"] == [2, 3]
    # The record shows each tied candidate's draw, for anyone to check.
    assert lottery["draws"] == {key: tally.draw(SEED, "Hisingen", key) for key in ("bea", "cia")}
    # Whoever has the lower draw gets the deputy seat: anyone can recompute it.
    winner = min(["bea", "cia"], key=lambda key: tally.draw(SEED, "Hisingen", key))
    assert result.deputies == [winner]
    # Re-running with the same seed gives the same result; the draw depends on the seed.
    assert tally.count(areas, rows, SEED)[0].as_dict() == result.as_dict()
    winners = {tally.count(areas, rows, f"{seed:064x}")[0].deputies[0] for seed in range(40)}
    assert winners == {"bea", "cia"}


def test_a_tie_between_member_and_deputy_places_is_drawn_too():
    (result,) = tally.count(
        {"Sydväst": (["ali", "bea"], 1, 1)}, ballots("Sydväst", ali=3, bea=3), SEED
    )
    assert result.lotteries and result.lotteries[0]["places"] == [1, 2]
    assert sorted(result.members + result.deputies) == ["ali", "bea"]


def test_lotteries_are_listed_from_the_first_places_down():
    (result,) = tally.count(
        {"Hisingen": (["ali", "bea", "cia", "dan"], 1, 2)},
        ballots("Hisingen", ali=3, bea=3, cia=1, dan=1),
        SEED,
    )
    assert [lottery["places"] for lottery in result.lotteries] == [[1, 2], [3, 4]]


def test_a_tie_among_deputies_who_all_get_a_seat_is_not_a_lottery():
    (result,) = tally.count(
        {"Nordost": (["ali", "bea", "cia"], 1, 2)}, ballots("Nordost", ali=5, bea=3, cia=3), SEED
    )
    assert result.lotteries == []
    assert sorted(result.deputies) == ["bea", "cia"]


def test_a_tie_that_decides_nothing_is_not_a_lottery():
    (result,) = tally.count(
        {"Centrum": (["ali", "bea", "cia", "dan"], 1, 1)},
        ballots("Centrum", ali=5, bea=4, cia=1, dan=1),
        SEED,
    )
    assert result.lotteries == []


def test_a_ballot_for_someone_who_is_not_a_candidate_in_its_area_is_an_error():
    with pytest.raises(ValueError, match="not a candidate"):
        tally.count({"Centrum": (["ali"], 1, 0)}, [("t1", "Centrum", "bea")], SEED)
    with pytest.raises(ValueError, match="not in the election"):
        tally.count({"Centrum": (["ali"], 1, 0)}, [("t1", "Atlantis", "ali")], SEED)


def test_the_seed_commitment_is_published_before_and_matches_only_the_seed():
    seed = tally.new_seed()
    assert len(seed) == 64 and seed != tally.new_seed()
    assert tally.commitment(seed) == tally.commitment(seed)
    assert tally.commitment(seed) != tally.commitment(SEED)


def test_the_result_hash_changes_with_any_ballot_the_result_or_the_seed():
    areas = {"Centrum": (["ali", "bea"], 1, 0)}
    rows = ballots("Centrum", ali=2, bea=1)
    results = tally.count(areas, rows, SEED)
    frozen = tally.result_hash(rows, results, SEED)
    # Row order does not matter: the list is hashed sorted by tracker.
    assert tally.result_hash(list(reversed(rows)), results, SEED) == frozen
    changed = [*rows[:-1], (rows[-1][0], "Centrum", "ali")]
    assert tally.result_hash(changed, results, SEED) != frozen
    assert tally.result_hash(rows, tally.count(areas, changed, SEED), SEED) != frozen
    assert tally.result_hash(rows, results, "00" * 32) != frozen


def test_the_result_hash_is_the_sha256_of_the_published_documents():
    # What a verifier does with the published ballot list, result and seed.
    areas = {"Centrum": (["ali", "bea"], 1, 0)}
    rows = ballots("Centrum", ali=2, bea=1)
    results = tally.count(areas, rows, SEED)
    document = {
        "ballots": sorted([list(row) for row in rows]),
        "results": [result.as_dict() for result in results],
        "seed": SEED,
    }
    expected = hashlib.sha256(tally.canonical(document)).hexdigest()
    assert tally.result_hash(rows, results, SEED) == expected


def test_differences_name_each_area_and_figure_that_does_not_match():
    areas = {"Centrum": (["ali", "bea"], 1, 0), "Nordost": (["cia"], 1, 0)}
    rows = ballots("Centrum", ali=2, bea=1) + ballots("Nordost", cia=1)
    results = tally.count(areas, rows, SEED)
    published = [result.as_dict() for result in results]
    assert tally.differences(published, results) == []
    published[0]["votes"]["bea"] = 2
    del published[1]
    found = tally.differences(published, results)
    assert "Centrum: votes published {'ali': 2, 'bea': 2}, counted {'ali': 2, 'bea': 1}" in found
    assert "Nordost: missing from the published result" in found


def test_differences_go_on_past_an_area_missing_from_the_published_result():
    areas = {"Centrum": (["ali"], 1, 0), "Nordost": (["cia"], 1, 0)}
    rows = ballots("Centrum", ali=1) + ballots("Nordost", cia=2)
    results = tally.count(areas, rows, SEED)
    published = [results[1].as_dict()]
    published[0]["blank"] = 1
    assert tally.differences(published, results) == [
        "Centrum: missing from the published result",
        "Nordost: blank published 1, counted 0",
    ]


def test_the_hashed_form_is_one_exact_byte_string_anyone_can_rebuild():
    # Sorted keys, no spaces, letters such as å and Ö as UTF-8: a verifier in another
    # language must get the same bytes, or the published hash cannot be checked.
    assert tally.canonical({"område": "Östra", "a": [1, 2]}) == (
        '{"a":[1,2],"område":"Östra"}'.encode()
    )
