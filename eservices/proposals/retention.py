"""Gallring of proposal drafts: a draft never sent in and left untouched for as long as an
e-service draft is kept (``DRAFT_DAYS``) is deleted by the daily retention run, with its
image. A draft is the resident's own notes, not a record; what was sent in is kept.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from eservices.attachments import storage
from eservices.database import transaction
from eservices.extensions import db
from eservices.proposals.models import DRAFT, Proposal
from eservices.retention import services as retention


@dataclass
class OldDrafts:
    """How many proposal drafts a run deleted (or, in a dry run, would have)."""

    dry_run: bool
    count: int
    days: int

    def summary(self):
        """For the run's audit entry."""
        return {"proposal_drafts_deleted": self.count}

    def lines(self):
        """For the command's output."""
        would = "would be " if self.dry_run else ""
        drafts = retention.counted(self.count, "proposal draft")
        return [f"{drafts} untouched for {self.days} days {would}deleted."]


class DraftDisposal:
    """Proposal drafts not saved for DRAFT_DAYS."""

    name = "proposal_drafts"

    def run(self, *, now, dry_run, batch_size):
        """Delete (or count) the old drafts, a batch per transaction, then their images."""
        days = current_app.config["DRAFT_DAYS"]
        old = select(Proposal.id, Proposal.image_key).where(
            Proposal.status == DRAFT, Proposal.updated_at <= now - timedelta(days=days)
        )
        rows = db.session.execute(old).all()
        if dry_run:
            return OldDrafts(dry_run=True, count=len(rows), days=days)
        for batch in retention.batches(rows, batch_size):
            with transaction():
                for proposal_id, _key in batch:
                    db.session.delete(db.session.get(Proposal, proposal_id))
            for _id, key in batch:
                if key:
                    storage.delete(key)
        return OldDrafts(dry_run=False, count=len(rows), days=days)


retention.register(DraftDisposal())
