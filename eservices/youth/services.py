"""Loading elections and their parts: one loader per aggregate, used by every caller."""

from flask import abort
from sqlalchemy import select

from eservices.extensions import db
from eservices.youth.models import Election


def current_election():
    """The latest election (by year), or None when none has been set up."""
    return db.session.scalar(select(Election).order_by(Election.year.desc()).limit(1))


def get_election_or_404(year):
    """The election of `year`, or 404."""
    election = db.session.scalar(select(Election).where(Election.year == year))
    if election is None:
        abort(404)
    return election
