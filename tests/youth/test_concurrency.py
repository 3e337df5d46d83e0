"""500 voters each vote twice, from two threads at once: 500 ballots, never 501.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL points there.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from eservices.extensions import db as _db
from eservices.youth import voting
from eservices.youth.models import Ballot, PendingBallot, Voter

VOTERS = 500


@pytest.fixture
def app_config():
    """Room for the test's own connection and the sixteen threads voting at once, so no
    thread waits for a connection while its twin waits for it at the barrier."""
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20, "max_overflow": 0, "pool_timeout": 60}}


def test_500_voters_voting_twice_at_once_give_500_ballots(
    app, db, election, candidates, make_voters
):
    voters = [v.id for v in make_voters(VOTERS // 2)] + [
        v.id for v in make_voters(VOTERS // 2, school="TOR", klass="8B")
    ]
    choices = {}
    for voter in db.session.scalars(select(Voter)):
        options = candidates[voter.area.name]
        choices[voter.id] = options[voter.id % 2].id
    outcomes = Counter()
    lock = threading.Lock()

    def vote_twice(voter_id):
        # Two threads for the same voter, released together.
        barrier = threading.Barrier(2, timeout=60)

        def attempt():
            with app.app_context():
                election_now = _db.session.get(type(election), election.id)
                barrier.wait()
                try:
                    voting.cast_vote(election_now, voter_id, choices[voter_id])
                    result = "cast"
                except voting.VotingError as exc:
                    result = exc.code
                finally:
                    _db.session.remove()
            with lock:
                outcomes[result] += 1

        pair = [threading.Thread(target=attempt) for _ in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(vote_twice, voters))

    assert outcomes == {"cast": VOTERS, "already_voted": VOTERS}
    voting.close_voting(election)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(PendingBallot)) == 0
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == VOTERS
    tally = dict(
        db.session.execute(
            select(Ballot.candidate_id, func.count()).group_by(Ballot.candidate_id)
        ).all()
    )
    assert sum(tally.values()) == VOTERS
    assert tally == dict(Counter(choices.values()))
    assert db.session.scalar(select(func.count()).where(Voter.has_voted)) == VOTERS
