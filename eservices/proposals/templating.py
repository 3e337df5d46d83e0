"""Template helpers for proposal pages: labels, names of categories and areas, the text."""

from datetime import UTC

from eservices.database import utcnow
from eservices.proposals import bp, labels
from eservices.proposals.moderation import area_name, category_name
from eservices.proposals.text import paragraphs

bp.add_app_template_filter(paragraphs, "proposal_paragraphs")
bp.add_app_template_global(category_name, "proposal_category")
bp.add_app_template_global(area_name, "proposal_area")
bp.add_app_template_global(labels, "proposal_labels")


@bp.app_template_global("proposal_status")
def proposal_status(status):
    """The status as residents read it."""
    return labels.STATUSES.get(status, status)


@bp.app_template_filter("atom_time")
def atom_time(moment):
    """A time as Atom writes it (RFC 3339, UTC); now when there is none."""
    return (moment or utcnow()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
