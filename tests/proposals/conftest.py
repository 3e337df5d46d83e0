"""Proposals in any state, and the people around them.

make_proposal()                                  a draft by Anna
make_proposal(status="published", support_count=150)
make_proposal(author=bertil, status="rejected", rule_ids=["otydligt"])
"""

from datetime import timedelta

import pytest

from eservices.database import utcnow
from eservices.moderation import services as moderation
from eservices.proposals.models import PUBLISHED, SHOWN_IN_FULL, SUBMITTED, Proposal
from tests.conftest import staff_client

BODY = "Parken behöver fler bänkar så att äldre kan vila på vägen till torget."


@pytest.fixture
def committee(make_committee):
    """The committee that parks and streets suggest (moderation/categories.yaml)."""
    return make_committee(slug="stadsmiljonamnden", name_sv="Stadsmiljönämnden")


@pytest.fixture
def anna(db, make_resident):
    """The resident who proposes (the one login_resident logs in)."""
    user = make_resident()
    user.email = "anna@example.se"
    db.session.commit()
    return user


@pytest.fixture
def bertil(make_resident):
    """Another resident."""
    return make_resident(pnr="19811218-9876", given_name="Bertil", family_name="Berg")


@pytest.fixture
def moderator(make_staff):
    """A moderator."""
    return make_staff(role="moderator")


@pytest.fixture
def make_proposal(db, anna, committee):
    """make_proposal(status=..., author=..., **columns): a proposal, committed."""

    def factory(*, status="draft", author=None, **columns):
        author = author or anna
        now = utcnow()
        values = {
            "title": "Fler bänkar i Slottsskogen",
            "body": BODY,
            "category": "parker-och-natur",
            "area": "centrum",
            **columns,
        }
        proposal = Proposal(
            status=status,
            proposer_id=author.id,
            proposer_name=author.full_name,
            slug="fler-bankar-i-slottsskogen",
            **values,
        )
        if status != "draft":
            proposal.submitted_at = proposal.submitted_at or now - timedelta(days=3)
        if status in SHOWN_IN_FULL:
            proposal.published_at = proposal.published_at or now - timedelta(days=2)
            proposal.closes_at = proposal.closes_at or proposal.published_at + timedelta(days=90)
            proposal.committee_id = committee.id
        db.session.add(proposal)
        db.session.flush()
        if status == SUBMITTED:
            moderation.submit("proposal", proposal.id)
        db.session.commit()
        return proposal

    return factory


@pytest.fixture
def published(make_proposal):
    """A proposal open for support."""
    return make_proposal(status=PUBLISHED, support_count=12)


@pytest.fixture
def resident_client(app, login_resident, client):
    """The test client, logged in as Anna."""
    login_resident()
    return client


@pytest.fixture
def moderator_client(app, moderator):
    """A client logged in as the moderator."""
    return staff_client(app, moderator)
