"""Gallring of the census: its personal data goes ELECTION_CENSUS_PURGE_DAYS after certification.

The census (röstlängd) is needed to vote and to check the vote; once the result is certified
and the time to appeal it has passed, it is not. The daily retention run then deletes each
certified election's voters with their voting codes: names, personnummer hashes, birth
dates, classes and codes. A candidate's link to their census row is cleared, the candidate
stays. The ballots never named a voter and stay; the published result is the frozen
document certification wrote, so it shows everything, turnout included, after the purge.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from eservices.database import transaction
from eservices.extensions import db
from eservices.retention import services as retention
from eservices.youth.models import Candidate, Voter, VotingCode
from eservices.youth.results import ElectionResult


def _purged(dry_run, count, days):
    """How many census rows a run deleted (or, in a dry run, would have)."""
    line = f"{{rows}} certified more than {days} days ago {{would}}purged."
    return retention.Counted(dry_run, count, "election_voters_purged", "census row", line)


class CensusDisposal:
    """The census of every election certified more than ELECTION_CENSUS_PURGE_DAYS ago."""

    name = "election_census"

    def run(self, *, now, dry_run, batch_size):
        """Delete (or count) the due voters and their codes, a batch per transaction."""
        days = current_app.config["ELECTION_CENSUS_PURGE_DAYS"]
        certified = select(ElectionResult.election_id).where(
            ElectionResult.certified_at <= now - timedelta(days=days)
        )
        due = Voter.election_id.in_(certified)
        if dry_run:
            count = db.session.scalar(select(func.count()).select_from(Voter).where(due))
            return _purged(True, count, days)
        ids = db.session.scalars(select(Voter.id).where(due)).all()
        for batch in retention.batches(ids, batch_size):
            with transaction():
                db.session.execute(
                    update(Candidate).where(Candidate.voter_id.in_(batch)).values(voter_id=None)
                )
                db.session.execute(delete(VotingCode).where(VotingCode.voter_id.in_(batch)))
                db.session.execute(delete(Voter).where(Voter.id.in_(batch)))
        return _purged(False, len(ids), days)


retention.register(CensusDisposal())
