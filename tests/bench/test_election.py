"""The check of bench/election.py finds a lost or a doubled vote, and passes a clean count."""

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from election import Outcome, State, problems  # noqa: E402


def state(marked, by_candidate, pending=0, used=None):
    """The database after the votes: `by_candidate` is every ballot's candidate."""
    ballots = sum(by_candidate.values()) - pending
    used = len(marked) if used is None else used
    return State(pending, ballots, set(marked), used, Counter(by_candidate))


def outcome(confirmed=(), refused=(), died=()):
    """Voters 1-4 chose candidate 7, the rest blank."""
    return Outcome(
        confirmed=set(confirmed),
        refused=set(refused),
        died=set(died),
        choices={voter: 7 if voter <= 4 else None for voter in range(1, 10)},
    )


def test_each_vote_counted_once_passes():
    seen = outcome(confirmed={1, 2, 5})
    assert problems(state({1, 2, 5}, {7: 2, None: 1}, pending=1), seen) == []


def test_a_vote_cast_by_a_request_that_died_counts_once():
    seen = outcome(confirmed={1}, refused={2}, died={2})
    assert problems(state({1, 2}, {7: 2}), seen) == []


def test_a_doubled_vote_is_found():
    seen = outcome(confirmed={1, 2})
    found = problems(state({1, 2}, {7: 3}), seen)
    assert "3 ballots but 2 voters marked as voted" in found
    assert any("ballots per candidate" in problem for problem in found)


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        (state({1}, {7: 1}), "1 voters confirmed but not marked (lost)"),
        (state({1, 2}, {7: 1}), "1 ballots but 2 voters marked as voted"),
    ],
)
def test_a_lost_vote_is_found(database, expected):
    assert expected in problems(database, outcome(confirmed={1, 2}))


def test_a_code_refused_without_an_earlier_attempt_is_found():
    found = problems(state({1}, {7: 1}), outcome(confirmed={1}, refused={2}))
    assert "1 voters code refused with no earlier attempt" in found


def test_a_voter_who_gave_up_after_the_vote_was_cast_is_counted_once():
    seen = outcome(confirmed={1})
    seen.gave_up = {2, 3}  # 2's vote went through before its answer was lost; 3's did not
    assert problems(state({1, 2}, {7: 2}), seen) == []
    assert "3 ballots but 2 voters marked as voted" in problems(state({1, 2}, {7: 3}), seen)
