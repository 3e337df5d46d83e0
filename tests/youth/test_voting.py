"""Casting votes: once per voter, codes that die, blank votes, and the pending pool."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eservices.youth import codes, results, voting
from eservices.youth.models import Ballot, PendingBallot, Voter, VotingCode
from eservices.youth.secrecy import pool


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_election_made_without_a_seed_has_one_drawn_before_its_first_vote(
    db, election, candidates, make_voters
):
    # The pages after the start page do not look for the seed; the vote itself does.
    db.session.delete(results.of(election))
    db.session.commit()
    (voter,) = make_voters(1)
    voting.cast_vote(election, voter.id, candidates["Nordost"][0].id)
    assert results.of(election).seed_commitment


def test_a_vote_marks_the_voter_and_waits_in_the_pool(db, election, candidates, make_voters):
    (voter,) = make_voters(1)
    tracker = voting.cast_vote(election, voter.id, candidates["Nordost"][0].id)
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", tracker)
    db.session.refresh(voter)
    assert voter.has_voted
    pending = db.session.scalar(select(PendingBallot))
    assert (pending.tracker, pending.candidate_id) == (tracker, candidates["Nordost"][0].id)
    assert count(db, Ballot) == 0


def test_a_second_vote_is_refused(db, election, candidates, make_voters):
    (voter,) = make_voters(1)
    voting.cast_vote(election, voter.id, None)
    with pytest.raises(voting.VotingError) as refused:
        voting.cast_vote(election, voter.id, candidates["Nordost"][1].id)
    assert refused.value.code == "already_voted"
    assert count(db, PendingBallot) == 1


def test_the_code_dies_with_the_vote(db, election, candidates, make_voters):
    voter, other = make_voters(2)
    ((_, code), (_, other_code)) = codes.issue([voter, other])
    assert codes.voter_for_code(election, code.lower().replace("-", " ")).id == voter.id
    voting.cast_vote(election, voter.id, candidates["Nordost"][0].id)
    assert codes.voter_for_code(election, code) is None
    assert codes.voter_for_code(election, other_code).id == other.id
    assert db.session.scalar(select(VotingCode).filter_by(voter_id=voter.id)).used


def test_codes_are_long_unambiguous_and_stored_hashed(db, election, make_voters):
    voters = make_voters(30)
    issued = codes.issue(voters)
    assert len({code for _, code in issued}) == 30
    for _, code in issued:
        raw = code.replace("-", "")
        assert len(raw) >= 10 and not set(raw) & set("0O1IL2Z5S8B")
    stored = " ".join(h for (h,) in db.session.execute(select(VotingCode.code_hash)))
    assert not any(code.replace("-", "") in stored for _, code in issued)


def test_printing_again_replaces_the_codes(db, election, make_voters):
    (voter,) = make_voters(1)
    ((_, first),) = codes.issue([voter])
    ((_, second),) = codes.issue([voter])
    assert codes.voter_for_code(election, first) is None
    assert codes.voter_for_code(election, second).id == voter.id


@pytest.mark.parametrize("text", ["", "ACDE", "ACDE-FHJK-MNP0", "x" * 500])
def test_malformed_codes_find_nobody(db, election, text):
    assert codes.voter_for_code(election, text) is None


def test_only_candidates_of_the_voters_area_can_be_chosen(db, election, candidates, make_voters):
    (voter,) = make_voters(1)
    waiting = [c for c in candidates["Nordost"] if c.status != "approved"]
    for candidate_id in [candidates["Centrum"][0].id, 99_999, *[c.id for c in waiting]]:
        with pytest.raises(voting.VotingError, match="choice"):
            voting.cast_vote(election, voter.id, candidate_id)
    db.session.refresh(voter)
    assert not voter.has_voted


def test_a_blank_vote_only_when_the_election_allows_it(db, election, candidates, make_voters):
    voter, other = make_voters(2)
    voting.cast_vote(election, voter.id, None)
    election.blank_vote_allowed = False
    db.session.commit()
    with pytest.raises(voting.VotingError, match="choice"):
        voting.cast_vote(election, other.id, None)


def test_no_votes_outside_the_voting_window(db, election, candidates, make_voters):
    (voter,) = make_voters(1)
    election.voting_opens_at += timedelta(days=30)
    election.voting_closes_at += timedelta(days=30)
    db.session.commit()
    with pytest.raises(voting.VotingError, match="closed"):
        voting.cast_vote(election, voter.id, None)


def test_the_pool_moves_when_every_waiting_area_has_k(db, election, candidates, make_voters):
    election.anonymity_k = 3
    db.session.commit()
    nordost = make_voters(4)
    (centrum,) = make_voters(1, school="JOH")
    for voter in nordost[:3]:
        voting.cast_vote(election, voter.id, None)
    assert (count(db, PendingBallot), count(db, Ballot)) == (0, 3)
    voting.cast_vote(election, centrum.id, None)
    voting.cast_vote(election, nordost[3].id, None)
    # Nordost has 1 and Centrum 1 waiting: neither may leave alone.
    assert (count(db, PendingBallot), count(db, Ballot)) == (2, 3)
    assert pool.waiting() == {
        (election.id, nordost[0].area_id): 1,
        (election.id, centrum.area_id): 1,
    }


def test_closing_moves_every_ballot_and_ends_voting(db, election, candidates, make_voters):
    voters = make_voters(2)
    trackers = {voting.cast_vote(election, v.id, candidates["Nordost"][0].id) for v in voters}
    voting.close_voting(election)
    assert count(db, PendingBallot) == 0
    assert set(db.session.scalars(select(Ballot.tracker))) == trackers
    with pytest.raises(voting.VotingError, match="closed"):
        voting.cast_vote(election, make_voters(1)[0].id, None)


def test_ballots_get_new_random_ids_and_no_time(db, election, candidates, make_voters):
    election.anonymity_k = 2
    db.session.commit()
    for voter in make_voters(2):
        voting.cast_vote(election, voter.id, None)
    ids = list(db.session.scalars(select(Ballot.id)))
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert set(Ballot.__table__.columns.keys()) == {
        "id",
        "election_id",
        "area_id",
        "candidate_id",
        "tracker",
    }
    assert db.session.scalar(select(func.count(Voter.id)).where(Voter.has_voted)) == 2
