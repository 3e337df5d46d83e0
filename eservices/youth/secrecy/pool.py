"""The pending pool: cast ballots wait here, then move to the ballot table in shuffled
batches, in a transaction of their own, so that nothing ties a ballot to its voter.

A vote's transaction marks the voter and writes the ballot here; the two rows share that
transaction's traces (PostgreSQL's xmin, the order of writing). The move copies the pool
to `youth_ballots` in random order with new random ids, and empties the pool as a whole:
TRUNCATE on PostgreSQL, which leaves no dead tuples behind, and DELETE with
`secure_delete` on SQLite, which overwrites the freed pages. docs/election-secrecy.md gives
the threat model and why this holds.

The move happens only when every area with waiting ballots has at least K of them, so each
ballot leaves in a crowd of K or more of its area; at close everything moves.
"""

import random
from collections import Counter

from sqlalchemy import func, insert, select, text

from eservices.extensions import db
from eservices.youth.models import Ballot, Election, PendingBallot, random_id

_shuffle = random.SystemRandom().shuffle
# PostgreSQL: one mover at a time; a voter who finds the pool being moved carries on.
_ADVISORY_LOCK = 7_001_017


def waiting():
    """{(election id, area id): ballots waiting}: counts only, never the ballots."""
    rows = db.session.execute(
        select(PendingBallot.election_id, PendingBallot.area_id, func.count()).group_by(
            PendingBallot.election_id, PendingBallot.area_id
        )
    )
    return {(election_id, area_id): count for election_id, area_id, count in rows}


def _ready(counts, thresholds):
    return bool(counts) and all(
        count >= thresholds.get(election_id, 1) for (election_id, _), count in counts.items()
    )


def _thresholds():
    return dict(db.session.execute(select(Election.id, Election.anonymity_k)).all())


def flush_if_ready():
    """Move the pool when every waiting area has K ballots; returns how many moved."""
    counts = waiting()
    db.session.commit()  # end the read, so the move starts a transaction of its own
    if not _ready(counts, _thresholds()):
        return 0
    return flush(force=False)


def flush(force=True):
    """Move the whole pool into the ballot table, shuffled, in a new transaction.

    With force=False the move happens only if the pool is still ready once it is locked
    (another worker may have moved it meanwhile). Returns the number of ballots moved.
    """
    thresholds = _thresholds()
    db.session.commit()
    engine = db.engine
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            got = conn.execute(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK}
            )
            if not got.scalar() and not force:
                conn.rollback()
                return 0
            # Voters wait while the pool moves: none of their ballots can slip between the
            # copy and the TRUNCATE.
            conn.execute(text("LOCK TABLE youth_pending_ballots IN ACCESS EXCLUSIVE MODE"))
        else:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        rows = conn.execute(
            select(
                PendingBallot.election_id,
                PendingBallot.area_id,
                PendingBallot.candidate_id,
                PendingBallot.tracker,
            )
        ).all()
        counts = Counter((row.election_id, row.area_id) for row in rows)
        if not rows or (not force and not _ready(counts, thresholds)):
            conn.rollback()
            return 0
        ballots = [
            {
                "id": random_id(),
                "election_id": row.election_id,
                "area_id": row.area_id,
                "candidate_id": row.candidate_id,
                "tracker": row.tracker,
            }
            for row in rows
        ]
        _shuffle(ballots)
        conn.execute(insert(Ballot), ballots)
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE youth_pending_ballots"))
        else:
            conn.execute(text("DELETE FROM youth_pending_ballots"))
        conn.commit()
        if engine.dialect.name == "sqlite":
            # Fold the write-ahead log into the file, where secure_delete has zeroed the
            # pool's pages; a busy reader may keep frames until the next checkpoint.
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(ballots)
