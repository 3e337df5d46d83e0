"""What comments say about a person, for their data download, removing the account, and
the disposal run.

A comment shown on a public proposal was received by the municipality, like the proposal
itself: removing the account keeps it, unlinked and without the name ("a former resident
account"). A comment the author deleted has no text left. A comment a moderator removed
keeps its text, out of sight, for REMOVED_COMMENT_DAYS in case the decision is questioned;
the disposal run then empties it.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from eservices.extensions import db
from eservices.privacy import registry
from eservices.proposals.comment_models import ProposalComment
from eservices.proposals.models import Proposal
from eservices.retention import services as retention

# Days a comment removed by a moderator keeps its text before the disposal run empties it.
REMOVED_COMMENT_DAYS = 90


def collect(user, language):
    """The person's comments, oldest first: on which proposal, the text and its state."""
    rows = db.session.execute(
        select(ProposalComment, Proposal.title)
        .join(Proposal, Proposal.id == ProposalComment.proposal_id)
        .where(ProposalComment.author_id == user.id)
        .order_by(ProposalComment.created_at, ProposalComment.id)
    )
    return [
        {
            "proposal": comment.proposal_id,
            "title": title,
            "text": comment.body,
            "written_at": comment.created_at,
            "deleted_at": comment.deleted_at,
            "removed_at": comment.removed_at,
            "rules": list(comment.rule_ids or []),
        }
        for comment, title in rows
    ]


def remove(user):
    """Unlink the person's comments and take their name off; the texts stay."""
    unlinked = db.session.execute(
        update(ProposalComment)
        .where(ProposalComment.author_id == user.id)
        .values(author_id=None, author_name="")
        .execution_options(synchronize_session=False)
    ).rowcount
    return registry.Removed(details={"proposal_comments_unlinked": unlinked})


registry.register(
    "proposal_comments",
    collect=collect,
    remove=remove,
    activities={
        "comment.created": _l("Commented on a proposal"),
        "comment.deleted": _l("Deleted a comment"),
    },
)


def _emptied(dry_run, count):
    """How many removed comments a run emptied (or, dry, would have)."""
    line = (
        f"{{rows}} removed by a moderator over {REMOVED_COMMENT_DAYS} days ago {{would}}emptied."
    )
    return retention.Counted(dry_run, count, "removed_comments_emptied", "comment", line)


class RemovedCommentDisposal:
    """The texts of comments removed by a moderator more than REMOVED_COMMENT_DAYS ago."""

    name = "removed_comments"

    def run(self, *, now, dry_run, batch_size):
        """Empty (or count) the texts that are due."""
        due = (ProposalComment.removed_at <= now - timedelta(days=REMOVED_COMMENT_DAYS)) & (
            ProposalComment.body != ""
        )
        if dry_run:
            return _emptied(True, retention.count_due(ProposalComment, due))
        count = retention.update_due(ProposalComment, due, {"body": ""}, batch_size)
        return _emptied(False, count)


retention.register(RemovedCommentDisposal())
