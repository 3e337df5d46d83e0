"""Casting a vote: one per voter under any concurrency, and nothing that ties it to them.

The vote is one transaction: a conditional update marks the voter (it succeeds for one
attempt only, whatever runs at the same time), kills their voting code, and writes the
ballot into the pending pool. The pool moves to the ballot table later, in shuffled
batches (secrecy.pool). Nothing here logs who voted or how.
"""

import random
import secrets

from sqlalchemy import insert, select, update

from eservices.database import utcnow
from eservices.extensions import db
from eservices.youth import census, results
from eservices.youth.models import (
    ALPHABETICAL_ORDER,
    CANDIDATE_APPROVED,
    Candidate,
    PendingBallot,
    Voter,
    VotingCode,
    random_id,
)
from eservices.youth.secrecy import pool

TRACKER_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
TRACKER_LENGTH = 10


class VotingError(Exception):
    """A vote that cannot be cast; `code` says why ("closed", "already_voted", "choice")."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def new_tracker():
    """A random tracker code, "XXXXX-XXXXX", which the voter finds later in the ballot list."""
    raw = "".join(secrets.choice(TRACKER_ALPHABET) for _ in range(TRACKER_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def voter_by_personnummer(election, number):
    """The census row of the person an e-ID vouches for, or None."""
    return db.session.scalar(
        select(Voter).where(
            Voter.election_id == election.id, Voter.pnr_hash == census.pnr_hash(number)
        )
    )


def candidates_on_ballot(election, area_id):
    """Approved candidates of an area, in the election's order: alphabetical, or shuffled
    anew for every visitor so that no place on the ballot favours anyone."""
    candidates = list(
        db.session.scalars(
            select(Candidate).where(
                Candidate.election_id == election.id,
                Candidate.area_id == area_id,
                Candidate.status == CANDIDATE_APPROVED,
            )
        )
    )
    if election.candidate_order == ALPHABETICAL_ORDER:
        return sorted(candidates, key=lambda c: c.name.casefold())
    random.SystemRandom().shuffle(candidates)
    return candidates


def open_voting(election, seed=True):
    """Make sure the census fingerprint is published once voting is open, and, with `seed`,
    the lottery seed drawn (for an election made before seeds were drawn).

    Looking for the seed is a query; the pages a voter goes through after the start page
    leave it to `cast_vote`, which draws it before any vote in any case.
    """
    if election.voting_is_open() and not election.census_fingerprint:
        census.publish_fingerprint(election)
    if seed and election.voting_is_open():
        results.commit_seed(election)


def cast_vote(election, voter_id, candidate_id, helper_id=None):
    """Cast the vote of `voter_id` for `candidate_id` (None: blank); returns the tracker.

    Raises VotingError("already_voted") for every attempt but the first.
    """
    if not election.voting_is_open(utcnow()):
        raise VotingError("closed")
    results.commit_seed(election)  # the seed is committed to before the first vote
    voter = db.session.get(Voter, voter_id)
    if voter is None or voter.election_id != election.id:
        raise VotingError("not_in_census")
    if candidate_id is None:
        if not election.blank_vote_allowed:
            raise VotingError("choice")
    elif candidate_id not in {c.id for c in candidates_on_ballot(election, voter.area_id)}:
        raise VotingError("choice")
    area_id = voter.area_id
    db.session.commit()  # the reads end here; the vote is a transaction of its own
    tracker = new_tracker()
    try:
        marked = db.session.execute(
            update(Voter)
            .where(Voter.id == voter_id, Voter.has_voted.is_(False))
            .values(has_voted=True, helper_staff_id=helper_id)
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount != 1:
            raise VotingError("already_voted")
        db.session.execute(
            update(VotingCode)
            .where(VotingCode.voter_id == voter_id)
            .values(used=True)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            insert(PendingBallot).values(
                id=random_id(),
                election_id=election.id,
                area_id=area_id,
                candidate_id=candidate_id,
                tracker=tracker,
            )
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    pool.flush_if_ready()
    return tracker


def close_voting(election):
    """End voting: no more votes, and every ballot leaves the pool for the count."""
    election.closed_at = utcnow()
    db.session.commit()
    pool.flush(force=True)
