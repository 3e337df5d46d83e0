"""Supports arriving all at once, on SQLite and on PostgreSQL (DATABASE_URL): the database
keeps one support per person, the count equals the rows, and the proposal is forwarded
exactly once, with one case and one e-mail to the proposer."""

import threading

import pytest
from sqlalchemy import func, select

from eservices.cases.models import Case
from eservices.extensions import db as _db
from eservices.notifications.models import OutboxMessage
from eservices.proposals import supports
from eservices.proposals.models import FORWARDED, Proposal
from eservices.proposals.support_models import Forwarding
from eservices.proposals.supports import SupportError
from tests.proposals.supports.helpers import set_threshold

PEOPLE = 50


@pytest.fixture
def app_config():
    """Twenty connections at most: PostgreSQL's default limit of 100 clients is shared with
    whatever else runs; the threads beyond twenty queue for a connection, as a server's do."""
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20, "max_overflow": 0, "pool_timeout": 60}}


def race(app, proposal_id, jobs):
    """Run each job (action, user id) in a thread of its own, all released at once by a
    barrier; return the outcome of each: "ok" or the SupportError code."""
    barrier = threading.Barrier(len(jobs), timeout=60)
    outcomes = [None] * len(jobs)

    def run(index, action, user_id):
        from eservices.accounts.models import User

        with app.app_context():
            proposal = _db.session.get(Proposal, proposal_id)
            user = _db.session.get(User, user_id)
            # Nothing held: the reads above are finished before everyone starts at once.
            _db.session.commit()
            barrier.wait(timeout=60)
            try:
                action(proposal, user)
                outcomes[index] = "ok"
            except SupportError as exc:
                outcomes[index] = exc.code
            finally:
                _db.session.remove()

    threads = [
        threading.Thread(target=run, args=(index, action, user_id))
        for index, (action, user_id) in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return outcomes


def settled(proposal_id):
    """(status, count, rows, cases, forwardings, e-mails to the proposer) as committed."""
    _db.session.expire_all()
    proposal = _db.session.get(Proposal, proposal_id)
    return (
        proposal.status,
        proposal.support_count,
        supports.count_rows(proposal_id),
        _db.session.scalar(select(func.count()).select_from(Case)),
        _db.session.scalar(select(func.count()).select_from(Forwarding)),
        _db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.to_address == "anna@example.se")
        ),
    )


def test_fifty_people_supporting_twice_at_once_give_fifty_supports_and_one_forwarding(
    app, db, proposal, make_residents
):
    set_threshold(app, PEOPLE)
    people = [person.id for person in make_residents(PEOPLE)]
    jobs = [(supports.support, person) for person in people] * 2
    outcomes = race(app, proposal.id, jobs)
    assert outcomes.count("ok") == PEOPLE
    # Each person's second try is refused as a duplicate, or, once forwarded, as closed.
    assert set(outcomes) - {"ok"} <= {"already", "not_open"}
    assert settled(proposal.id) == (FORWARDED, PEOPLE, PEOPLE, 1, 1, 1)


def test_withdrawals_racing_supports_at_the_threshold_forward_once_at_exactly_the_threshold(
    app, db, proposal, make_residents
):
    set_threshold(app, PEOPLE)
    early = make_residents(PEOPLE - 1)
    for person in early:
        supports.support(proposal, person)
    newcomers = [person.id for person in make_residents(30, start=PEOPLE)]
    leaving = [person.id for person in early[:10]]
    jobs = [(supports.support, person) for person in newcomers] * 2
    jobs += [(supports.withdraw, person) for person in leaving]
    outcomes = race(app, proposal.id, jobs)
    # From 49, ten steps down and thirty up by one at a time: the count reaches 50 once,
    # and that support forwards it; every later support or withdrawal finds it closed.
    assert settled(proposal.id) == (FORWARDED, PEOPLE, PEOPLE, 1, 1, 1)
    supported = outcomes[: 2 * len(newcomers)].count("ok")
    withdrawn = outcomes[2 * len(newcomers) :].count("ok")
    assert PEOPLE - 1 + supported - withdrawn == PEOPLE
    assert set(outcomes) - {"ok"} <= {"already", "not_open"}
