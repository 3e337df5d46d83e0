"""Comments as a kind of item for moderation: they are never queued before they are shown,
so the only decisions are a report review's: kept (the reports close and the comment shows
again, which moderation does alone) or removed, which this module carries out.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eservices.audit import services as audit
from eservices.database import utcnow
from eservices.extensions import db
from eservices.moderation.registry import Content, Kind
from eservices.notifications.services import queue_email
from eservices.proposals.comment_models import ProposalComment
from eservices.proposals.comments import KIND, has_comments
from eservices.proposals.moderation import public_path


def load(object_id):
    """The comment with this id (as text), or None for anything else."""
    if not str(object_id).isdigit():
        return None
    return db.session.get(ProposalComment, int(object_id))


def anchor(comment):
    """The comment's place on its proposal's page."""
    return f"kommentar-{comment.id}"


def show(comment):
    """What the moderator reads: the comment, with the proposal it is written under."""
    proposal = comment.proposal
    public = has_comments(proposal) and comment.is_shown
    return Content(
        title=_("Comment on “%(title)s”", title=proposal.title),
        texts=((_l("Comment"), comment.body),),
        author=comment.author_name,
        public_url=f"{public_path(proposal)}#{anchor(comment)}" if public else None,
    )


def take_down(comment, decision):
    """Removed after reports: the public sees the rules it breaks; the author is told."""
    comment.removed_at, comment.removed_by_id = utcnow(), decision.moderator.id
    comment.rule_ids = [rule.id for rule in decision.rules]
    audit.record("comment.removed", comment, actor=decision.moderator, rules=comment.rule_ids)
    if comment.author is None or not comment.author.email:
        return
    proposal = comment.proposal
    queue_email(
        to=comment.author.email,
        template="comment_removed",
        link_endpoint=("proposals.show", {"proposal_id": proposal.id, "slug": proposal.slug}),
        title=proposal.title,
        comment=comment.body,
        rules=decision.rules,
        note=decision.note,
        language_code="sv",
    )


def _never_queued(comment, decision):
    raise ValueError("comments are moderated after reports, never in the queue")


COMMENT_KIND = Kind(
    name=KIND,
    label=_l("Comment"),
    load=load,
    show=show,
    on_approve=_never_queued,
    on_reject=_never_queued,
    on_remove=take_down,
)
