"""Comments on a proposal: written by residents, shown at once, moderated afterwards.

Anyone may report a comment (``/anmal/comment/<id>``, moderation.reports); with the
rulebook's ``reports_to_hide`` open reports it shows as a placeholder until a moderator
has looked. The ``comment`` kind's callbacks are in ``comment_moderation.py``.

A proposal takes comments while residents can still change its course: while it is open
for support and while its committee has it. Once it is answered, closed or rejected the
thread stays readable but takes no new comments.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.moderation import reports
from eservices.moderation.rulebook import get_rulebook
from eservices.proposals.comment_models import ProposalComment
from eservices.proposals.models import FORWARDED, PUBLISHED, SHOWN_IN_FULL

KIND = "comment"  # the moderation kind (and the rulebook's kind of item)
OPEN_FOR_COMMENTS = (PUBLISHED, FORWARDED)


class CommentError(Exception):
    """A comment that cannot be written or deleted; ``code`` says why, ``message`` in words."""

    MESSAGES = {
        "closed": _l("The proposal no longer takes comments."),
        "not_resident": _l("Only residents logged in with e-ID can comment."),
        "not_yours": _l("You can only delete your own comments."),
        "gone": _l("The comment is already taken down."),
    }

    def __init__(self, code):
        super().__init__(code)
        self.code = code

    @property
    def message(self):
        """What went wrong, in the user's language."""
        if self.code == "hourly_limit":
            return _(
                "You have written %(num)d comments in the last hour. Wait a while and write "
                "again.",
                num=hourly_limit(),
            )
        return self.MESSAGES[self.code]


def may_comment(user):
    """Only residents identified by e-ID comment, like they propose and support."""
    return bool(user is not None and user.is_authenticated and user.is_resident and user.is_active)


def takes_comments(proposal):
    """The proposal is open for new comments (see the module docstring)."""
    return proposal.status in OPEN_FOR_COMMENTS


def has_comments(proposal):
    """Comments are shown with the proposal: only while it is public in full."""
    return proposal.status in SHOWN_IN_FULL


def hourly_limit():
    """Comments one person may write per hour (the rulebook's setting)."""
    return get_rulebook().settings.comments_per_person_per_hour


def written_last_hour(user, now=None):
    """How many comments ``user`` wrote in the last hour, deleted ones too."""
    since = (now or utcnow()) - timedelta(hours=1)
    return db.session.scalar(
        select(func.count())
        .select_from(ProposalComment)
        .where(ProposalComment.author_id == user.id, ProposalComment.created_at >= since)
    )


def thread(proposal):
    """The proposal's comments, oldest first, and the ids of those hidden by reports."""
    comments = db.session.scalars(
        select(ProposalComment)
        .where(ProposalComment.proposal_id == proposal.id)
        .order_by(ProposalComment.created_at, ProposalComment.id)
    ).all()
    hidden = reports.hidden_ids(KIND, [c.id for c in comments]) if comments else set()
    return comments, {int(object_id) for object_id in hidden}


def get_comment_or_404(proposal, comment_id, *, for_user, delete=False):
    """The comment on ``proposal`` with this id; 404 when there is none shown there.

    With ``delete``, only its author gets it, and only while it is up; 403 for anyone else.
    """
    comment = db.session.get(ProposalComment, comment_id)
    if comment is None or comment.proposal_id != proposal.id or not has_comments(proposal):
        abort(404)
    if delete and not (is_author(comment, for_user) and comment.is_shown):
        abort(403)
    return comment


def is_author(comment, user):
    """``user`` wrote ``comment``."""
    return bool(user.is_authenticated and comment.author_id == user.id)


def add(proposal, user, body):
    """Write ``user``'s comment on ``proposal``, shown at once; returns it.

    Raises CommentError "not_resident", "closed" or "hourly_limit".
    """
    if not may_comment(user):
        raise CommentError("not_resident")
    if not takes_comments(proposal):
        raise CommentError("closed")
    if written_last_hour(user) >= hourly_limit():
        raise CommentError("hourly_limit")
    with transaction():
        comment = ProposalComment(
            proposal_id=proposal.id, author_id=user.id, author_name=user.full_name, body=body
        )
        db.session.add(comment)
        db.session.flush()
        audit.record("comment.created", comment, actor=user, proposal=proposal.id)
    return comment


def delete(comment, user, now=None):
    """The author takes their comment down: the text goes, its place says it was deleted,
    and open reports of it are closed (there is nothing left to look at)."""
    if comment.author_id is None or comment.author_id != user.id:
        raise CommentError("not_yours")
    if not comment.is_shown:
        raise CommentError("gone")
    with transaction():
        comment.body, comment.deleted_at = "", now or utcnow()
        reports.withdraw_reports(KIND, comment.id, now=comment.deleted_at)
        audit.record("comment.deleted", comment, actor=user, proposal=comment.proposal_id)
