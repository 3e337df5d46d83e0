"""HTTP for comments on a proposal: the thread on its page, writing, and deleting one's own.

Reporting a comment is moderation's ``/anmal/comment/<id>``; a moderator reviews the
reports in the reports queue.
"""

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from eservices.permissions import requires
from eservices.proposals import bp, comments
from eservices.proposals.comment_moderation import anchor
from eservices.proposals.forms import CommentForm, ConfirmForm
from eservices.proposals.routes import acting_user, page_url, show_page
from eservices.proposals.services import get_proposal_or_404, may_moderate
from eservices.security import mark_personal_data


@bp.app_template_global("proposal_comments")
def proposal_comments(proposal, form=None):
    """What the proposal page's comments need: the thread, which are hidden, the form."""
    user = acting_user() if current_user.is_authenticated else None
    thread, hidden = comments.thread(proposal)
    return {
        "thread": thread,
        "hidden": hidden,
        "takes_comments": comments.takes_comments(proposal),
        "may_comment": comments.may_comment(user),
        "may_moderate": bool(user and may_moderate(user)),
        "user_id": user.id if user else None,
        "form": form if form is not None else CommentForm(),
        "anchor": anchor,
    }


@bp.route("/e-forslag/<int:proposal_id>/kommentarer", methods=["POST"])
@requires("comment_proposals")
def comment(proposal_id):
    """Write a comment; shown at once. Errors are shown beside the field, the text kept."""
    proposal = get_proposal_or_404(proposal_id, for_user=acting_user())
    if not comments.has_comments(proposal):
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            added = comments.add(proposal, acting_user(), form.body.data)
        except comments.CommentError as error:
            form.body.errors.append(error.message)
        else:
            flash(_("Your comment is published."), "success")
            return redirect(page_url(proposal, anchor(added)))
    return show_page(proposal, comment_form=form)


@bp.route(
    "/e-forslag/<int:proposal_id>/kommentarer/<int:comment_id>/radera", methods=["GET", "POST"]
)
@requires("comment_proposals")
def delete_comment(proposal_id, comment_id):
    """The author deletes their comment: a page that asks, a POST that deletes."""
    proposal = get_proposal_or_404(proposal_id, for_user=acting_user())
    found = comments.get_comment_or_404(proposal, comment_id, for_user=acting_user(), delete=True)
    form = ConfirmForm()
    if form.validate_on_submit():
        comments.delete(found, acting_user())
        flash(_("Your comment is deleted."), "success")
        return redirect(page_url(proposal, anchor(found)))
    mark_personal_data()
    return render_template(
        "proposals/delete_comment.html", proposal=proposal, comment=found, form=form
    )
