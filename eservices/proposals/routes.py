"""HTTP for residents writing proposals, and the public list, page, image and feed."""

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from eservices.i18n import current_language
from eservices.moderation.rulebook import get_rulebook
from eservices.pagecache import cached_page
from eservices.permissions import public, requires
from eservices.proposals import bp, categories, images, queries, services
from eservices.proposals.forms import ConfirmForm, ProposalForm, SubmitForm
from eservices.proposals.models import SHOWN_IN_FULL
from eservices.security import mark_personal_data

ERRORS = {
    "not_editable": lambda: _("The proposal can no longer be changed."),
    "not_resident": lambda: _("Only residents logged in with e-ID can write proposals."),
    "rules_not_accepted": lambda: _("Accept the rules to send the proposal in."),
    "monthly_limit": lambda: _(
        "You have already sent in %(num)d proposals this month. You can send in more next month.",
        num=services.monthly_limit(),
    ),
}


# --- Public pages -------------------------------------------------------------------------


@bp.route("/e-forslag/")
@public
@cached_page
def index():
    """Proposals: open for support, with the committee, answered, closed and rejected."""
    found, language = categories.get(), current_language()
    filters = queries.Filters.from_args(
        request.args,
        {c.id for c in found.categories},
        {a.id for a in found.areas},
    )
    page, hidden = queries.public_list(filters, page=request.args.get("page", 1, type=int))
    return render_template(
        "proposals/index.html",
        page=page,
        hidden=hidden,
        filters=filters,
        category_choices=[(c.id, c.title.get(language)) for c in found.categories],
        area_choices=[(a.id, a.title.get(language)) for a in found.areas],
        settings=get_rulebook().settings,
    )


@bp.route("/e-forslag/flode.atom")
@public
@cached_page
def feed():
    """An Atom feed of newly published proposals."""
    xml = render_template("proposals/feed.xml", proposals=queries.latest_published())
    return Response(xml, mimetype="application/atom+xml")


@bp.route("/e-forslag/<int:proposal_id>")
@public
def short(proposal_id):
    """A proposal by its number alone: on to its full address."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user)
    return redirect(page_url(proposal), 301)


@bp.route("/e-forslag/<int:proposal_id>-<slug>")
@public
@cached_page
def show(proposal_id, slug):
    """One proposal: its text, supports, status and history, and the committee's answer."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user)
    if slug != proposal.slug:
        return redirect(page_url(proposal), 301)
    return show_page(proposal)


def page_url(proposal, anchor=None):
    """The address of the proposal's page, at `anchor` when given."""
    return url_for("proposals.show", proposal_id=proposal.id, slug=proposal.slug, _anchor=anchor)


def acting_user():
    """The logged-in person behind ``current_user``, to hand to the services."""
    return current_user._get_current_object()


def show_page(proposal, comment_form=None):
    """The proposal's page as ``show`` renders it; with a comment form that has errors,
    as a 400 that shows them beside the comment field."""
    author = services.is_author(proposal, current_user)
    if not proposal.is_public or author or comment_form is not None:
        mark_personal_data()
    page = render_template(
        "proposals/show.html",
        proposal=proposal,
        in_full=proposal.status in SHOWN_IN_FULL,
        author=author,
        hidden=queries.reports.is_hidden(services.KIND, proposal.id),
        days_left=queries.days_left(proposal),
        history=queries.history(proposal),
        rounds=queries.moderation_rounds(proposal)
        if author or services.may_moderate(current_user)
        else [],
        settings=get_rulebook().settings,
        share_url=url_for(".short", proposal_id=proposal.id, _external=True),
        form=comment_form,
    )
    return page, 400 if comment_form is not None and comment_form.errors else 200


@bp.route("/e-forslag/<int:proposal_id>/bild")
@public
def image(proposal_id):
    """The proposal's image, to whoever may see the proposal in full."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user)
    shown = proposal.status in SHOWN_IN_FULL or not proposal.is_public
    if not proposal.image_key or not shown:
        abort(404)
    response = Response(images.read(proposal), mimetype=proposal.image_content_type)
    response.headers["Content-Disposition"] = "inline"
    if not proposal.is_public:
        mark_personal_data()
    return response


# --- Writing ------------------------------------------------------------------------------


def _proposal_form(**kwargs):
    found = categories.get()
    return ProposalForm(found.categories, found.areas, current_language(), **kwargs)


def _save(form, proposal):
    """Check the image, then save the draft; None (with errors on the form) if it failed."""
    upload = form.image.data
    image = None
    if upload and getattr(upload, "filename", ""):
        try:
            image = images.check(upload)
        except images.UploadRejected as exc:
            form.image.errors = [exc.message]
            return None
    has_image = image is not None or bool(proposal and proposal.image_key)
    if form.needs_alt(has_image):
        return None
    return services.save_draft(
        proposal,
        current_user,
        title=form.title.data,
        body=form.body.data,
        category=form.category.data,
        area=form.area.data,
        image=image,
        image_alt=form.image_alt.data,
    )


def _write_page(form, proposal=None):
    mark_personal_data()
    status = 400 if form.errors else 200
    return render_template("proposals/form.html", form=form, proposal=proposal), status


@bp.route("/e-forslag/nytt", methods=["GET", "POST"])
@requires("write_proposals")
def new():
    """Write a new proposal; saved as a draft, then previewed before sending."""
    form = _proposal_form()
    if form.validate_on_submit():
        proposal = _save(form, None)
        if proposal is not None:
            flash(_("Your draft is saved. Check it and send it in."), "success")
            return redirect(url_for(".preview", proposal_id=proposal.id))
    return _write_page(form)


@bp.route("/e-forslag/<int:proposal_id>/andra", methods=["GET", "POST"])
@requires("write_proposals")
def edit(proposal_id):
    """Change a draft, or a proposal the moderator sent back."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user, edit=True)
    form = _proposal_form(obj=proposal)
    if form.validate_on_submit():
        saved = _save(form, proposal)
        if saved is not None:
            flash(_("Your changes are saved. Check them and send the proposal in."), "success")
            return redirect(url_for(".preview", proposal_id=proposal.id))
    return _write_page(form, proposal)


@bp.route("/e-forslag/<int:proposal_id>/granska", methods=["GET", "POST"])
@requires("write_proposals")
def preview(proposal_id):
    """Similar open proposals, the proposal as it will look, and sending it in."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user, edit=True)
    form = SubmitForm()
    if form.validate_on_submit():
        try:
            services.submit(proposal, current_user, accepted_rules=form.accept_rules.data)
        except services.ProposalError as exc:
            flash(ERRORS[exc.code](), "error")
        else:
            flash(
                _(
                    "Thank you. Your proposal is sent in. A moderator checks it against the "
                    "rules, and you get an e-mail when it is decided."
                ),
                "success",
            )
            return redirect(url_for(".mine"))
    mark_personal_data()
    page = render_template(
        "proposals/preview.html",
        proposal=proposal,
        form=form,
        similar=services.similar_open(proposal),
        sent=services.sent_this_month(current_user),
        limit=services.monthly_limit(),
        rounds=queries.moderation_rounds(proposal),
    )
    return page, 400 if form.errors or request.method == "POST" else 200


@bp.route("/e-forslag/<int:proposal_id>/ta-bort-bild", methods=["POST"])
@requires("write_proposals")
def remove_image(proposal_id):
    """Take the image off the proposal."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user, edit=True)
    if ConfirmForm().validate_on_submit():
        services.remove_image(proposal, current_user)
        flash(_("The image is removed."), "success")
    return redirect(url_for(".edit", proposal_id=proposal.id))


@bp.route("/e-forslag/<int:proposal_id>/radera", methods=["GET", "POST"])
@requires("write_proposals")
def delete(proposal_id):
    """Delete a draft that was never sent in: a page that asks, a POST that deletes."""
    proposal = services.get_proposal_or_404(proposal_id, for_user=current_user, edit=True)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete_draft(proposal, current_user)
        except services.ProposalError as exc:
            flash(ERRORS[exc.code](), "error")
            return redirect(url_for(".mine"))
        flash(_("The draft is deleted."), "success")
        return redirect(url_for(".mine"))
    mark_personal_data()
    return render_template("proposals/delete.html", proposal=proposal, form=form)


@bp.route("/mina-sidor/mina-forslag")
@requires("write_proposals")
def mine():
    """Mina förslag: every proposal the resident wrote, with its moderation state."""
    mark_personal_data()
    return render_template("proposals/mine.html", proposals=queries.of_author(current_user))
