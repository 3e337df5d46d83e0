"""HTTP for moderators: the queue, an item, its decisions, the reports and the dashboard."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.i18n import current_language
from eservices.moderation import bp, dashboard, labels, reports, services
from eservices.moderation.forms import ApproveForm, ChangesForm, ConfirmForm, ParkForm, RejectForm
from eservices.moderation.models import APPROVED, CHANGES_REQUESTED, KEPT, REJECTED, REMOVED
from eservices.moderation.prescreen import highlight
from eservices.moderation.registry import get_kind, registered_kinds
from eservices.moderation.rulebook import get_rulebook
from eservices.moderation.screening import screen
from eservices.permissions import requires
from eservices.security import mark_personal_data

ERRORS = {
    "claimed": lambda: _("A colleague is working on this item. Wait until they are done."),
    "decided": lambda: _("The item has already been decided."),
    "gone": lambda: _("The item no longer exists."),
    "not_parked": lambda: _("The item is not parked."),
    "reviewed": lambda: _("The reports have already been reviewed."),
    "parked": lambda: _("The item is already parked."),
    "unknown_rule": lambda: _("Choose rules from the list."),
    "no_rules": lambda: _("Choose at least one rule that the text breaks."),
    "no_note": lambda: _("Write what should be changed."),
}

DONE = {
    APPROVED: lambda: _("Approved. The author is told."),
    REJECTED: lambda: _("Rejected. The author is told which rules the text breaks."),
    CHANGES_REQUESTED: lambda: _("Sent back to the author with what to change."),
    KEPT: lambda: _("The reports are closed and the item is shown again."),
    REMOVED: lambda: _("The item is removed. The author is told which rules it breaks."),
    "parked": lambda: _("The item is parked outside the queue."),
}


@bp.app_template_global("flag_label")
def _flag_label(flag):
    return labels.flag_label(flag)


@bp.app_template_global("highlighted")
def _highlighted(section):
    return highlight(section.text, section.flags, label=labels.flag_label)


@bp.route("/moderering/")
@requires("moderate_proposals")
def queue():
    """The queue, oldest first, with each item's age against the target; or the parked."""
    parked = request.args.get("vy") == "parkerade"
    page = services.queue(parked=parked, page=request.args.get("page", 1, type=int))
    return render_template(
        "moderation/queue.html",
        page=page,
        parked=parked,
        ages={item.id: dashboard.age(item) for item in page.items},
        kinds=registered_kinds(),
        flag_names=labels.FLAGS,
        claim_holder=services.claim_holder,
    )


@bp.route("/moderering/<int:item_id>")
@requires("moderate_proposals")
def item(item_id):
    """One item: its text with the flagged parts marked, its history and the actions."""
    found = services.get_item_or_404(item_id)
    kind = get_kind(found.kind)
    obj = kind.load(found.object_id)
    content = kind.show(obj) if obj is not None else None
    screening = screen(kind, found.object_id, content) if content is not None else None
    mark_personal_data()
    return render_template(
        "moderation/item.html",
        item=found,
        kind=kind,
        content=content,
        screening=screening,
        similar=services.similar_items(kind, screening),
        age=dashboard.age(found),
        holder=services.claim_holder(found),
        history=[r for r in services.history(found.kind, found.object_id) if r.id != found.id],
        rulebook=get_rulebook(),
        outcome_labels=labels.OUTCOMES,
    )


def _back(item, error=None):
    if error is not None:
        flash(ERRORS[error.code](), "error")
    return redirect(url_for("moderation.item", item_id=item.id))


def _act(item_id, act, done):
    """POST only: do ``act`` to the item as the current moderator, back to its page."""
    found = services.get_item_or_404(item_id)
    try:
        act(found, current_user)
    except services.ModerationError as exc:
        return _back(found, exc)
    flash(done(), "success")
    return _back(found)


@bp.route("/moderering/<int:item_id>/ta", methods=["POST"])
@requires("moderate_proposals")
def claim(item_id):
    """Take the item, so that colleagues leave it to you."""
    return _act(
        item_id, services.claim, lambda: _("The item is yours until you decide or let it go.")
    )


@bp.route("/moderering/<int:item_id>/ateruppta", methods=["POST"])
@requires("moderate_proposals")
def unpark(item_id):
    """Put a parked item back in the queue."""
    return _act(item_id, services.unpark, lambda: _("The item is back in the queue."))


@bp.route("/moderering/<int:item_id>/slapp", methods=["POST"])
@requires("moderate_proposals")
def release(item_id):
    """Let the item go back to the queue for a colleague."""
    found = services.get_item_or_404(item_id)
    services.release(found, current_user)
    flash(_("You have let the item go."), "success")
    return redirect(url_for("moderation.queue"))


def _decide(item_id, action, make_form, act):
    """GET shows the confirm page with its form; POST acts, then back to the queue.

    ``act(item, form)`` does it and returns the key of the message in DONE.
    """
    found = services.get_item_or_404(item_id)
    if not found.is_waiting:
        return _back(found, services.ModerationError("decided"))
    form = make_form(found)
    if request.method == "GET" or not form.validate():
        mark_personal_data()
        page = render_template(
            "moderation/decide.html",
            item=found,
            kind=get_kind(found.kind),
            form=form,
            action=action,
            holder=services.claim_holder(found),
        )
        return page, 200 if request.method == "GET" else 400
    try:
        done = act(found, form)
    except services.ModerationError as exc:
        return _back(found, exc)
    flash(DONE[done](), "success")
    return redirect(url_for("moderation.queue"))


def _approve_form(found):
    kind = get_kind(found.kind)
    obj = kind.load(found.object_id)
    if obj is None:
        abort(404)
    field = kind.approve_field(obj) if kind.approve_field else None
    return ApproveForm.with_extra(field)()


def _rules_form(kind):
    return RejectForm(get_rulebook().rules_for(kind.rulebook_kind), current_language())


@bp.route("/moderering/<int:item_id>/godkann", methods=["GET", "POST"])
@requires("moderate_proposals")
def approve(item_id):
    """Approve the item, with the kind's own field (for a proposal: the committee)."""

    def act(found, form):
        extra = form.extra.data if "extra" in form else None
        return services.decide(found, APPROVED, current_user, extra=extra).outcome

    return _decide(item_id, "approve", _approve_form, act)


@bp.route("/moderering/<int:item_id>/avvisa", methods=["GET", "POST"])
@requires("moderate_proposals")
def reject(item_id):
    """Reject the item, citing the rules it breaks, with an optional note."""

    def act(found, form):
        rules, note = form.rules.data, form.note.data
        return services.decide(found, REJECTED, current_user, rule_ids=rules, note=note).outcome

    return _decide(item_id, "reject", lambda found: _rules_form(get_kind(found.kind)), act)


@bp.route("/moderering/<int:item_id>/begar-andringar", methods=["GET", "POST"])
@requires("moderate_proposals")
def request_changes(item_id):
    """Send the item back to its author with what to change."""

    def act(found, form):
        return services.decide(found, CHANGES_REQUESTED, current_user, note=form.note.data).outcome

    return _decide(item_id, "changes", lambda found: ChangesForm(), act)


@bp.route("/moderering/<int:item_id>/parkera", methods=["GET", "POST"])
@requires("moderate_proposals")
def park(item_id):
    """Set the item aside, outside the queue, saying what it waits for."""

    def act(found, form):
        services.park(found, current_user, form.reason.data)
        return "parked"

    return _decide(item_id, "park", lambda found: ParkForm(), act)


# --- Reports ------------------------------------------------------------------------------


@bp.route("/moderering/anmalningar")
@requires("moderate_proposals")
def reports_queue():
    """Reported items, the longest-waiting report first, with whether each is hidden."""
    rows, total = reports.reported_items()
    return render_template(
        "moderation/reports.html",
        rows=rows,
        total=total,
        threshold=get_rulebook().settings.reports_to_hide,
        kinds=registered_kinds(),
    )


def _reported_or_404(kind_name, object_id):
    kind = get_kind(kind_name) or abort(404)
    obj = kind.load(object_id)
    if obj is None:
        abort(404)
    return kind, obj


@bp.route("/moderering/anmalningar/<kind_name>/<object_id>")
@requires("moderate_proposals")
def reported(kind_name, object_id):
    """A reported item with its reports' reasons, and what to do with it."""
    kind, obj = _reported_or_404(kind_name, object_id)
    content = kind.show(obj)
    mark_personal_data()
    return render_template(
        "moderation/reported.html",
        kind=kind,
        object_id=object_id,
        content=content,
        screening=screen(kind, object_id, content),
        open_reports=reports.open_reports(kind.name, object_id),
        hidden=reports.is_hidden(kind.name, object_id),
    )


def _review(kind_name, object_id, action, make_form, act):
    """GET shows the confirm page; POST closes the reports, then back to the reports.

    ``act(kind, form)`` reviews and returns the Decision.
    """
    kind, obj = _reported_or_404(kind_name, object_id)
    form = make_form(kind)
    back = url_for("moderation.reported", kind_name=kind.name, object_id=object_id)
    if request.method == "GET" or not form.validate():
        mark_personal_data()
        page = render_template(
            "moderation/review.html",
            kind=kind,
            form=form,
            action=action,
            title_text=kind.show(obj).title,
            back=back,
        )
        return page, 200 if request.method == "GET" else 400
    try:
        decision = act(kind, form)
    except services.ModerationError as exc:
        flash(ERRORS[exc.code](), "error")
        return redirect(back)
    flash(DONE[decision.outcome](), "success")
    return redirect(url_for("moderation.reports_queue"))


@bp.route("/moderering/anmalningar/<kind_name>/<object_id>/behall", methods=["GET", "POST"])
@requires("moderate_proposals")
def keep(kind_name, object_id):
    """Close the reports and show the item again."""

    def act(kind, form):
        return reports.review(kind.name, object_id, KEPT, current_user)

    return _review(kind_name, object_id, "keep", lambda kind: ConfirmForm(), act)


@bp.route("/moderering/anmalningar/<kind_name>/<object_id>/ta-bort", methods=["GET", "POST"])
@requires("moderate_proposals")
def remove(kind_name, object_id):
    """Take the reported item down, citing the rules it breaks."""

    def act(kind, form):
        return reports.review(
            kind.name, object_id, REMOVED, current_user,
            rule_ids=form.rules.data, note=form.note.data,
        )  # fmt: skip

    return _review(kind_name, object_id, "remove", _rules_form, act)


@bp.route("/moderering/oversikt")
@requires("moderate_proposals")
def overview():
    """Queue length, times to decision and items past the target."""
    return render_template(
        "moderation/dashboard.html", figures=dashboard.figures(), duration=labels.duration
    )
