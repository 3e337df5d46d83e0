"""HTTP for the handler's workspace: the queue and the case page with its actions."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.attachments import services as attachments
from eservices.cases import handling, labels, messages, workflow
from eservices.cases.access import get_case_or_404
from eservices.cases.services import timeline
from eservices.casework import bp, services
from eservices.casework.forms import (
    AssignForm,
    DecisionForm,
    SearchForm,
    StatusForm,
    TransferForm,
    WriteForm,
)
from eservices.catalogue.loading import get_catalogue
from eservices.database import start_of_day
from eservices.forms import choices
from eservices.i18n import current_language, localized
from eservices.permissions import requires
from eservices.security import mark_personal_data

ERRORS = {
    "closed": lambda: _("The case is closed."),
    "taken": lambda: _("A colleague has already taken the case."),
    "not_in_unit": lambda: _("Choose a case handler of the case's unit."),
    "same_or_inactive_unit": lambda: _("Choose another unit that receives cases."),
    "decision_incomplete": lambda: _("A decision needs its outcome and a decision text."),
    "already_awaiting": lambda: _("The case is already waiting for the resident's answer."),
    "no_personnummer": lambda: _("There is no personal identity number in this case."),
}


WRITTEN = {
    "note": lambda: _("The note is saved. Only handlers can see it."),
    "message": lambda: _("The message is sent to the resident."),
    "completion_request": lambda: _(
        "The request is sent. The case waits for the resident's answer and the clock is paused."
    ),
}


@bp.route("/")
@requires("handle_cases")
def queue():
    """The queue of my units: views, filters, search, sorting and pages."""
    view = request.args.get("vy", "open")
    if view not in services.VIEWS:
        view = "open"
    form = SearchForm(request.args)
    form.validate()
    since, until = (None, None) if form.until.errors else (form.since.data, form.until.data)
    args = {
        "vy": view,
        "tjanst": request.args.get("tjanst") or None,
        "status": request.args.get("status") or None,
        "q": form.q.data if not form.q.errors else None,
        "sortera": request.args.get("sortera", "due"),
    }
    if since or until:
        args |= form.since.query() | form.until.query()
    page = services.queue(
        current_user,
        view=view,
        service=args["tjanst"],
        status=args["status"],
        query=args["q"],
        since=since and start_of_day(since),
        until=until and start_of_day(until + timedelta(days=1)),
        sort=args["sortera"],
        page=request.args.get("page", 1, type=int),
    )
    mark_personal_data()
    return render_template(
        "casework/queue.html",
        forms_with_errors=bool(form.errors),
        page=page,
        view=view,
        counts=services.view_counts(current_user),
        form=form,
        args={key: value for key, value in args.items() if value},
        services_offered=get_catalogue().services,
        statuses=workflow.STATUSES,
        language=current_language(),
    )


def _forms(actions):
    assign = AssignForm(prefix="assign")
    assign.assignee.choices = choices(
        [("", _("Choose a colleague"))]
        + [(user.id, user.full_name) for user in actions.colleagues]
    )
    transfer = TransferForm(prefix="transfer")
    units = [(unit.id, localized(unit, "name")) for unit in actions.units]
    transfer.unit.choices = choices([("", _("Choose a unit")), *units])
    return {
        "assign_form": assign,
        "transfer_form": transfer,
        "status_form": StatusForm(prefix="status"),
        "decision_form": DecisionForm(prefix="decision"),
        "write_form": WriteForm(prefix="write"),
    }


@bp.route("/arenden/<number>")
@requires("handle_cases")
def case(number):
    """The case: answers under their labels, files, applicant and timeline."""
    found = get_case_or_404(number, for_user=current_user)
    return _case_page(found)


@bp.route("/arenden/<number>/visa-personnummer", methods=["POST"])
@requires("handle_cases")
def reveal(number):
    """Show the applicant's personnummer once, on this response only; the look is audited."""
    found = get_case_or_404(number, for_user=current_user)
    try:
        revealed = handling.reveal_personnummer(found, actor=current_user)
    except handling.CaseError as exc:
        flash(ERRORS[exc.code](), "error")
        return redirect(url_for("casework.case", number=found.number))
    return _case_page(found, revealed=revealed)


def _case_page(found, actions=None, forms=None, status=200, revealed=None):
    if actions is None:
        actions = services.possible_actions(found, current_user)
    forms = forms or _forms(actions)
    mark_personal_data()
    return (
        render_template(
            "casework/case.html",
            case=found,
            revealed_personnummer=revealed,
            has_personnummer=handling.has_personnummer(found),
            files=attachments.of_case(found),
            thread=messages.thread(found),
            events=timeline(found),
            actions=actions,
            language=current_language(),
            forms_with_errors=any(form.errors for form in forms.values()),
            **forms,
        ),
        status,
    )


def _chosen(offered, field):
    # The field's Choice validator has checked that the id is one of those offered.
    return next(item for item in offered if str(item.id) == field.data)


@bp.route("/arenden/<number>/<action>", methods=["POST"])
@requires("handle_cases")
def act(number, action):
    """Claim, assign, transfer, move along the workflow, decide, or write on a case."""
    found = get_case_or_404(number, for_user=current_user)
    actions = services.possible_actions(found, current_user)
    offered = {
        "tilldela": actions.colleagues,
        "overfor": actions.units,
        "status": actions.moves,
        "beslut": actions.decide,
        "skriv": actions.write,
    }
    if action in offered and not offered[action]:
        # A page opened before the case moved on: its form is no longer there to show errors.
        flash(_("That cannot be done to the case any more."), "error")
        return redirect(url_for("casework.case", number=found.number))
    forms = _forms(actions)
    try:
        if action == "ta":
            handling.claim(found, actor=current_user)
            message = _("The case is yours.")
        elif action == "tilldela" and forms["assign_form"].validate():
            colleague = _chosen(actions.colleagues, forms["assign_form"].assignee)
            handling.assign(found, colleague, actor=current_user)
            message = _("The case is assigned to %(name)s.", name=colleague.full_name)
        elif action == "overfor" and forms["transfer_form"].validate():
            unit = _chosen(actions.units, forms["transfer_form"].unit)
            handling.transfer(found, unit, forms["transfer_form"].reason.data, actor=current_user)
            message = _("The case is transferred to %(unit)s.", unit=localized(unit, "name"))
            flash(message, "success")
            return redirect(url_for("casework.queue"))
        elif action == "status" and forms["status_form"].validate():
            wanted = forms["status_form"].status.data
            if wanted not in actions.moves:
                # Waiting goes through a completion request, a decision through its form.
                raise workflow.TransitionNotAllowed(found.status, wanted)
            handling.change_status(found, wanted, actor=current_user)
            message = _("The status is now “%(status)s”.", status=labels.STATUSES[found.status])
        elif action == "beslut" and forms["decision_form"].validate():
            form = forms["decision_form"]
            handling.change_status(
                found,
                workflow.DECIDED,
                actor=current_user,
                decision=form.decision.data,
                decision_text=form.decision_text.data,
            )
            message = _("The decision is made. The resident sees it on Mina sidor.")
        elif action == "skriv" and forms["write_form"].validate():
            form = forms["write_form"]
            messages.write(found, form.kind.data, form.body.data, actor=current_user)
            message = WRITTEN[form.kind.data]()
        elif action in ("tilldela", "overfor", "status", "beslut", "skriv"):
            return _case_page(found, actions, forms, status=400)
        else:
            abort(404)
    except handling.CaseError as exc:
        flash(ERRORS[exc.code](), "error")
    except workflow.TransitionNotAllowed:
        flash(_("The case cannot go to that status from where it is."), "error")
    else:
        flash(message, "success")
    return redirect(url_for("casework.case", number=found.number))
