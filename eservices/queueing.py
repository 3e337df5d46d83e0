"""Work queues kept in the database (the e-mail outbox, webhook deliveries).

A row is claimed, handled and settled in a transaction of its own; on PostgreSQL the claim
uses SKIP LOCKED, so several workers never handle the same row and a commit releases only
the row it settled.
"""

from datetime import timedelta

from eservices.extensions import db

FIRST_RETRY = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)


def each_due(query, limit):
    """Yield up to ``limit`` rows of ``query`` (which must select one row), each locked.

    The caller settles each row (moves it out of the query's reach, or later in time) and
    commits before asking for the next.
    """
    query = query.limit(1)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for _ in range(limit):
        row = db.session.scalar(query)
        if row is None:
            return
        yield row


def backoff(attempts):
    """How long to wait after the ``attempts``-th failure: doubling from 30 s, at most 1 h."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_BACKOFF)
