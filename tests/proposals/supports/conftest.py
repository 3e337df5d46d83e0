"""Fixtures for supports, forwarding and answers: a published proposal with a committee,
residents to support it, and a threshold small enough to reach in a test."""

from datetime import timedelta

import pytest

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.database import utcnow
from eservices.extensions import db as _db
from eservices.proposals.models import PUBLISHED, Proposal
from tests.proposals.supports.helpers import personnummer, set_threshold


@pytest.fixture
def threshold(app):
    """The support threshold, lowered to 5 for these tests; set_threshold changes it."""
    set_threshold(app, 5)
    return 5


@pytest.fixture
def make_residents(db):
    """Create ``count`` residents with e-mail addresses: make_residents(3) -> [User, ...]."""

    def factory(count, start=1):
        people = []
        for n in range(start, start + count):
            number = parsers.parse_personnummer(personnummer(n))
            user = accounts.get_or_create_resident(number, "Person", f"Nummer{n}")
            user.email = f"person{n}@example.se"
            people.append(user)
        db.session.commit()
        return people

    return factory


@pytest.fixture
def proposer(make_resident, db):
    """Anna, who wrote the proposal, with an e-mail address."""
    anna = make_resident()
    anna.email = "anna@example.se"
    db.session.commit()
    return anna


@pytest.fixture
def make_proposal(db, make_committee, proposer):
    """A proposal open for support (published a day ago, 89 days left) by ``proposer``."""
    committees = {}

    def factory(title="Fler bänkar i Slottsskogen", status=PUBLISHED, committee=None, **kw):
        if committee is None:
            committee = committees.get("default") or make_committee()
            committees["default"] = committee
        now = utcnow()
        kw.setdefault("closes_at", now + timedelta(days=89))
        proposal = Proposal(
            title=title,
            slug="fler-bankar",
            body="Det behövs fler bänkar längs promenadvägen.",
            category="park",
            area="centrum",
            proposer_id=proposer.id,
            proposer_name=proposer.full_name,
            status=status,
            submitted_at=now - timedelta(days=3),
            published_at=now - timedelta(days=1),
            committee_id=committee.id,
            **kw,
        )
        _db.session.add(proposal)
        _db.session.commit()
        return proposal

    return factory


@pytest.fixture
def proposal(make_proposal):
    """One proposal open for support."""
    return make_proposal()
