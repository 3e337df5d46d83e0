"""What e-proposals hold about a resident, for their data download and account removal.

Removing the account deletes what was never published (drafts, and proposals still
being checked or sent back, taken out of the queue). A published or rejected proposal was
received by the municipality and is a public record: it stays, without the name.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eservices.extensions import db
from eservices.moderation import services as moderation
from eservices.privacy import registry
from eservices.proposals.labels import STATUSES
from eservices.proposals.models import PUBLIC, Proposal
from eservices.proposals.moderation import area_name, category_name
from eservices.proposals.services import KIND


def proposals_of(user, language):
    """The resident's proposals, oldest first, as they wrote them, with their state."""
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.proposer_id == user.id)
        .order_by(Proposal.created_at, Proposal.id)
    )
    return [
        {
            "id": p.id,
            "title": p.title,
            "text": p.body,
            "category": category_name(p, language),
            "area": area_name(p, language),
            "status": p.status,
            "status_text": str(STATUSES.get(p.status, p.status)),
            "has_image": bool(p.image_key),
            "image_description": p.image_alt,
            "created_at": p.created_at,
            "submitted_at": p.submitted_at,
            "published_at": p.published_at,
            "supports": p.support_count,
        }
        for p in proposals
    ]


def remove_proposals(user):
    """Delete the unpublished proposals; unlink the public ones and take the name off."""
    removed, kept, files = [], [], []
    for proposal in db.session.scalars(select(Proposal).where(Proposal.proposer_id == user.id)):
        if proposal.status in PUBLIC:
            proposal.proposer_id, proposal.proposer_name = None, ""
            kept.append(proposal.id)
            continue
        moderation.withdraw(KIND, proposal.id)
        if proposal.image_key:
            files.append(proposal.image_key)
        removed.append(proposal.id)
        db.session.delete(proposal)
    return registry.Removed(
        details={"proposals_deleted": removed, "proposals_unlinked": kept}, files=files
    )


registry.register(
    "proposals",
    collect=proposals_of,
    remove=remove_proposals,
    activities={
        "proposal.created": _l("Started a proposal"),
        "proposal.edited": _l("Changed a proposal"),
        "proposal.submitted": _l("Sent in a proposal"),
        "proposal.resubmitted": _l("Sent in a changed proposal"),
        "proposal.deleted": _l("Deleted a draft proposal"),
        "proposal.image_removed": _l("Removed the image from a proposal"),
    },
)
