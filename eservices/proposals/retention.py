"""Gallring of proposal drafts: a draft never sent in and left untouched for as long as an
e-service draft is kept (``DRAFT_DAYS``) is deleted by the daily retention run, with its
image. A draft is the resident's own notes, not a record; what was sent in is kept.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from eservices.attachments import storage
from eservices.database import transaction
from eservices.extensions import db
from eservices.proposals.models import DRAFT, Proposal
from eservices.retention import services as retention


def _deleted(dry_run, count, days):
    """How many proposal drafts a run deleted (or, in a dry run, would have)."""
    line = f"{{rows}} untouched for {days} days {{would}}deleted."
    return retention.Counted(dry_run, count, "proposal_drafts_deleted", "proposal draft", line)


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
            return _deleted(True, len(rows), days)
        for batch in retention.batches(rows, batch_size):
            with transaction():
                for proposal_id, _key in batch:
                    db.session.delete(db.session.get(Proposal, proposal_id))
            for _id, key in batch:
                if key:
                    storage.delete(key)
        return _deleted(False, len(rows), days)


retention.register(DraftDisposal())
