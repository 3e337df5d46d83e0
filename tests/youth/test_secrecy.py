"""After a small election, try to tie ballots to voters by every means of the threat model
(docs/election-secrecy.md): system columns, row order, ids, times, left-over rows, logs.

Each ballot's best match must do no better than chance within its anonymity set: the batch
of at least K ballots of its area that left the pool together (or all at close). Runs on
SQLite, and on PostgreSQL when DATABASE_URL points there.
"""

import logging
import random
import re
from pathlib import Path

import pytest
from sqlalchemy import DateTime, text
from sqlalchemy.exc import OperationalError

from eservices.extensions import db as _db
from eservices.youth import codes, voting
from eservices.youth.models import Ballot, PendingBallot
from eservices.youth.secrecy import pool
from tests.conftest import ON_POSTGRES
from tests.youth.test_voting_pages import enter_code, vote_for

K = 5
NORDOST, HISINGEN = 20, 12
TRACKER = re.compile(r"[A-Z0-9]{5}-[A-Z0-9]{5}")


class Captured(logging.Handler):
    """Every log record of the app, at every level, as text."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record) + " " + repr(record.args))


@pytest.fixture
def logs():
    handler = Captured()
    # The application's and the server's logs; SQL echo is a debugging aid that must stay
    # off in production (docs/election-secrecy.md), so sqlalchemy's logger is not here.
    loggers = [logging.getLogger(name) for name in ("", "eservices", "werkzeug", "gunicorn")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def small_election(app, db, election, candidates, make_voters, monkeypatch, logs):
    """Voters of two areas vote in turn through the pages; returns what the test knows:
    the order of voting, each voter's tracker and the pool's ids seen on the way."""
    # A seeded shuffle, so the chance bound below is a fixed number and never flaky.
    monkeypatch.setattr(pool, "_shuffle", random.Random(2026).shuffle)
    election.anonymity_k = K
    db.session.commit()
    voters = make_voters(NORDOST) + make_voters(HISINGEN, school="TOR", klass="6C")
    issued = dict(codes.issue(voters))
    order = voters[:]
    random.Random(7).shuffle(order)
    known = {"order": [], "tracker": {}, "pending_ids": set(), "filenodes": set()}
    for voter in order:
        client = app.test_client()
        enter_code(client, issued[voter])
        choice = candidates[voter.area.name][len(known["order"]) % 2].id
        vote_for(client, str(choice))
        known["tracker"][voter.id] = TRACKER.search(client.get("/ungdomsval/har-rostat").text)[0]
        known["order"].append(voter)
        known["pending_ids"].update(db.session.scalars(_db.select(PendingBallot.id)))
        if ON_POSTGRES:
            node = db.session.scalar(text("SELECT pg_relation_filenode('youth_pending_ballots')"))
            known["filenodes"].add(node)
        db.session.commit()
    voting.close_voting(election)
    return known


def ballots_in(db, order_by):
    return db.session.execute(
        # order_by is one of the test's own constants, never input.
        text(f"SELECT id, area_id, tracker FROM youth_ballots ORDER BY {order_by}")  # noqa: S608
    ).all()


def matches_by_order(known, ballots):
    """The adversary lines up, per area, voters in voting order with ballots in `ballots`'
    order; how many of those guesses are right?"""
    right = 0
    for area_id in {v.area_id for v in known["order"]}:
        voters = [v for v in known["order"] if v.area_id == area_id]
        area_ballots = [b for b in ballots if b.area_id == area_id]
        right += sum(
            known["tracker"][voter.id] == ballot.tracker
            for voter, ballot in zip(voters, area_ballots, strict=True)
        )
    return right


def chance(known):
    """What lining up by order gets right by chance: one per batch (a random permutation
    has one fixed point on average), with room for luck."""
    batches = sum(-(-n // K) for n in (NORDOST, HISINGEN))
    return batches + 3


def test_order_ids_rowids_times_and_logs_tie_no_ballot_to_its_voter(db, small_election, logs):
    # No time on a ballot, and on SQLite no rowid to give the order of writing away.
    assert not [c for c in Ballot.__table__.columns if isinstance(c.type, DateTime)]
    if not ON_POSTGRES:
        for table in ("youth_ballots", "youth_pending_ballots"):
            with pytest.raises(OperationalError, match="rowid"):
                db.session.execute(text(f"SELECT rowid FROM {table}"))  # noqa: S608
            db.session.rollback()
    # Physical order, ids and trackers, lined up with the order of voting.
    physical = "ctid" if ON_POSTGRES else "1"  # SQLite: storage order, the random key's
    for order_by in (physical, "id", "tracker"):
        ballots = ballots_in(db, order_by)
        assert len(ballots) == NORDOST + HISINGEN
        assert matches_by_order(small_election, ballots) <= chance(small_election), order_by
    # A ballot's id is not the id it had in the pool (that id shared the vote's traces).
    ids = {row.id for row in ballots_in(db, "id")}
    assert small_election["pending_ids"] and not ids & small_election["pending_ids"]
    # No log line carries a tracker or a ballot's id, with or without a voter beside it.
    secret = set(small_election["tracker"].values()) | ids | small_election["pending_ids"]
    assert not [line for line in logs.lines if any(value in line for value in secret)]


@pytest.mark.skipif(not ON_POSTGRES, reason="xmin and ctid are PostgreSQL's system columns")
def test_xmin_names_only_a_batch_of_at_least_k(db, small_election):
    ballots = db.session.execute(text("SELECT xmin::text AS tx, area_id FROM youth_ballots")).all()
    voter_tx = set(db.session.scalars(text("SELECT xmin::text FROM youth_voters")))
    batches = {}
    for ballot in ballots:
        batches.setdefault(ballot.tx, []).append(ballot.area_id)
    assert not set(batches) & voter_tx  # no ballot was written in its voter's transaction
    *moved_at_k, _at_close = sorted(batches, key=int)
    for tx in moved_at_k:
        sizes = {area: batches[tx].count(area) for area in set(batches[tx])}
        assert min(sizes.values()) >= K, sizes
    # The pool was emptied by TRUNCATE: a new file each time, nothing left in it.
    assert len(small_election["filenodes"]) > 1
    assert db.session.scalar(text("SELECT pg_relation_size('youth_pending_ballots')")) == 0


@pytest.mark.skipif(ON_POSTGRES, reason="reads SQLite's database file")
def test_no_left_over_pool_rows_in_the_sqlite_file(app, db, small_election):
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    _db.session.remove()
    _db.engine.dispose()
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for pending_id in small_election["pending_ids"]:
        assert pending_id.encode() not in raw
