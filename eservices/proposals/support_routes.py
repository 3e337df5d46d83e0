"""HTTP for supporting proposals: support and withdraw, paper supports at a citizen office,
Mina stöd, the committee's answer and the list of late answers."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from eservices.i18n import current_language
from eservices.moderation.rulebook import get_rulebook
from eservices.permissions import requires
from eservices.proposals import answers, bp, categories, citizen_office, services, supports
from eservices.proposals.forwarding import forwarding_of
from eservices.proposals.routes import acting_user, page_url
from eservices.proposals.services import get_proposal_or_404
from eservices.proposals.support_forms import (
    AnswerForm,
    OnBehalfForm,
    PaperSupportForm,
    SupportForm,
    WithdrawForm,
)
from eservices.security import mark_personal_data


@bp.app_template_global("proposal_support")
def proposal_support(proposal):
    """What the proposal page's support box needs: the visitor's support and the forms."""
    user = acting_user() if current_user.is_authenticated else None
    return {
        "mine": supports.support_of(proposal, user),
        "may_support": bool(user and user.can("support_proposals")),
        "may_register_paper": bool(user and user.can("register_proposals")),
        "form": SupportForm(),
        "withdraw_form": WithdrawForm(),
        "threshold": get_rulebook().settings.support_threshold,
    }


@bp.app_template_global("proposal_answer")
def proposal_answer(proposal):
    """What the proposal page's answer part needs: the forwarding and its answer, if any."""
    user = acting_user() if current_user.is_authenticated else None
    return {
        "forwarding": forwarding_of(proposal),
        "may_answer": answers.may_answer(proposal, user),
        "label": answers.decision_label,
    }


@bp.route("/e-forslag/<int:proposal_id>/stod", methods=["POST"])
@requires("support_proposals")
def support(proposal_id):
    """Support the proposal (one support per person)."""
    proposal = get_proposal_or_404(proposal_id, for_user=acting_user())
    back = page_url(proposal, "stod")  # before the support, which expires the proposal's columns
    form = SupportForm()
    if form.validate_on_submit():
        try:
            supports.support(proposal, acting_user(), notify=form.notify.data)
        except supports.SupportError as error:
            flash(error.message, "error")
        else:
            flash(_("Thank you for your support."), "success")
    return redirect(back)


@bp.route("/e-forslag/<int:proposal_id>/stod/ta-tillbaka", methods=["POST"])
@requires("support_proposals")
def withdraw(proposal_id):
    """Take back one's support while the proposal is open."""
    proposal = get_proposal_or_404(proposal_id, for_user=acting_user())
    back = page_url(proposal, "stod")
    if WithdrawForm().validate_on_submit():
        try:
            supports.withdraw(proposal, acting_user())
        except supports.SupportError as error:
            flash(error.message, "error")
        else:
            flash(_("Your support is withdrawn."), "success")
    return redirect(back)


@bp.route("/e-forslag/<int:proposal_id>/pappersstod", methods=["GET", "POST"])
@requires("register_proposals")
def paper_support(proposal_id):
    """A citizen office registers a support from paper for a person by personnummer."""
    mark_personal_data()
    proposal = get_proposal_or_404(proposal_id, for_user=acting_user())
    form = PaperSupportForm()
    status = 200
    if form.validate_on_submit():
        try:
            supports.register_paper_support(
                proposal,
                form.personnummer.parsed,
                given_name=form.given_name.data,
                family_name=form.family_name.data,
                staff=acting_user(),
            )
        except supports.SupportError as error:
            form.personnummer.errors.append(error.message)
            status = 400
        else:
            flash(_("The support is registered."), "success")
            return redirect(url_for("proposals.paper_support", proposal_id=proposal.id))
    elif form.is_submitted():
        status = 400
    return render_template("proposals/paper_support.html", proposal=proposal, form=form), status


# What submit's refusals mean for the resident at the desk.
REFUSED = {
    "monthly_limit": _l("The resident has sent in as many proposals as they may this month."),
}


@bp.route("/e-forslag/medborgarkontor/nytt-forslag", methods=["GET", "POST"])
@requires("register_proposals")
def proposal_on_behalf():
    """A citizen office registers a proposal for a resident identified by personnummer."""
    mark_personal_data()
    found = categories.get()
    form = OnBehalfForm(found.categories, found.areas, current_language())
    status = 200
    if form.validate_on_submit():
        try:
            proposal = citizen_office.register_proposal(
                form.personnummer.parsed,
                given_name=form.given_name.data,
                family_name=form.family_name.data,
                staff=acting_user(),
                title=form.title.data,
                body=form.body.data,
                category=form.category.data,
                area=form.area.data,
            )
        except services.ProposalError as error:
            form.personnummer.errors.append(REFUSED.get(error.code, error.code))
            status = 400
        else:
            flash(
                _("The proposal “%(title)s” is sent in for moderation.", title=proposal.title),
                "success",
            )
            return redirect(url_for("proposals.proposal_on_behalf"))
    elif form.is_submitted():
        status = 400
    return render_template("proposals/on_behalf.html", form=form), status


@bp.route("/mina-sidor/stod")
@requires("use_my_pages")
def my_supports():
    """Mina stöd: the proposals I support, with where each stands."""
    mark_personal_data()
    return render_template(
        "proposals/my_supports.html",
        rows=supports.supports_of(acting_user()),
        withdraw_form=WithdrawForm(),
    )


@bp.route("/e-forslag/<int:proposal_id>/svar", methods=["GET", "POST"])
@requires("answer_proposals")
def answer(proposal_id):
    """The committee secretary records the committee's answer."""
    proposal = get_proposal_or_404(proposal_id, for_user=acting_user())
    forwarding = forwarding_of(proposal)
    if forwarding is None:
        abort(404)
    if not answers.may_answer(proposal, acting_user()):
        abort(403)
    form = AnswerForm()
    status = 200
    if not forwarding.is_answered and form.validate_on_submit():
        try:
            answers.record(
                proposal,
                decision=form.decision.data,
                text=form.text.data,
                decided_on=form.decided_on.data,
                minutes_url=form.minutes_url.data,
                actor=acting_user(),
            )
        except answers.AnswerError:
            flash(_("The proposal has been answered already."), "error")
        else:
            flash(_("The answer is published."), "success")
        return redirect(page_url(proposal, "svar"))
    if form.is_submitted():
        status = 400
    return render_template(
        "proposals/answer.html", proposal=proposal, forwarding=forwarding, form=form
    ), status


@bp.route("/e-forslag/forsenade-svar")
@requires("view_statistics")
def overdue():
    """Forwarded proposals whose committee has not answered in time, for managers."""
    return render_template("proposals/overdue.html", rows=answers.overdue())
