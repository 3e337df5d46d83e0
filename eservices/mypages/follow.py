"""HTTP for the follow link: an applicant without an account follows and answers their case
through the secret link in their receipt, as a resident does on Mina sidor.

Opening the link changes nothing. Mail scanners open every link in an e-mail before the
resident does, so a GET cannot mean the resident read their messages: they say so with a
button (a POST), or by answering.
"""

from flask import abort, flash, redirect, session, url_for
from flask_babel import gettext as _

from eservices.accounts.forms import ConfirmForm
from eservices.cases import messages
from eservices.cases.access import FOLLOW_TOKENS, get_case_or_404
from eservices.mypages import follow_bp
from eservices.mypages.forms import ReplyForm
from eservices.mypages.pages import render_case, took_reply
from eservices.permissions import public


@follow_bp.route("/folj/<token>")
@public
def case(token):
    """The case behind the secret link: status, messages and answers."""
    return _page(_case_or_404(token), token, ReplyForm())


@follow_bp.route("/folj/<token>/svar", methods=["POST"])
@public
def reply(token):
    """Answer a completion request through the secret link."""
    found = _case_or_404(token)
    form = ReplyForm()
    if took_reply(found, form):
        return redirect(url_for("follow.case", token=token))
    return _page(found, token, form, status=400)


@follow_bp.route("/folj/<token>/last", methods=["POST"])
@public
def mark_read(token):
    """The applicant has read the new messages and requests."""
    found = _case_or_404(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    messages.mark_read(found)
    flash(_("The messages are marked as read."), "success")
    return redirect(url_for("follow.case", token=token))


def _case_or_404(token):
    found = get_case_or_404(follow_token=token)
    # The link's holder may fetch the case's files, as on the receipt.
    session[FOLLOW_TOKENS] = {**session.get(FOLLOW_TOKENS, {}), found.number: token}
    return found


def _page(found, token, form, status=200):
    return render_case(
        "mypages/follow.html",
        found,
        form,
        reply_url=url_for("follow.reply", token=token),
        status=status,
        mark_read=False,
        mark_read_url=url_for("follow.mark_read", token=token),
    )
