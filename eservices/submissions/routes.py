"""HTTP for filling in an e-service: start, steps, review, submit and receipt."""

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from eservices.attachments import services as attachments
from eservices.cases.access import FOLLOW_TOKENS, get_case_or_404
from eservices.cases.models import STAFF_CHANNELS
from eservices.catalogue import search
from eservices.catalogue.loading import get_catalogue
from eservices.i18n import current_language
from eservices.permissions import public
from eservices.security import mark_personal_data, public_url
from eservices.submissions import bp, inputs, services
from eservices.submissions.access import DRAFT_TOKENS
from eservices.submissions.cases import service_of
from eservices.submissions.display import display_value
from eservices.submissions.receipt_pdf import receipt_pdf as receipt_pdf_bytes
from eservices.submissions.visibility import visible_answers


def _service_or_404(service_id):
    return search.published_service(get_catalogue(), service_id) or abort(404)


def _resident():
    if current_user.is_authenticated and current_user.is_resident:
        return current_user._get_current_object()
    return None


def _registrar():
    """The staff member registering cases on residents' behalf, or None."""
    if current_user.is_authenticated and current_user.can("register_cases"):
        return current_user._get_current_object()
    return None


def _owner():
    """Whose account a draft belongs to: a resident's, a registering staff member's, or none."""
    return _resident() or _registrar()


def _uploader():
    return current_user._get_current_object() if current_user.is_authenticated else None


def _needs_login(service):
    # Staff registering a case have checked who the resident is, as at any counter.
    return service.requires_login and _owner() is None


def _draft(service):
    """The visitor's draft of this service, or None."""
    owner = _owner()
    if owner is not None:
        return services.find_draft(service, user=owner)
    return services.find_draft(service, token=session.get(DRAFT_TOKENS, {}).get(service.id))


@bp.route("/e-tjanster/<service_id>/ansok", methods=["POST"])
@public
def start(service_id):
    """Start (or resume) filling in a service; e-ID services ask for log-in first.

    Staff who register cases say how the case came in (``channel``): paper, phone or visit.
    """
    service = _service_or_404(service_id)
    if _needs_login(service):
        return redirect(
            url_for("accounts.login", next=url_for("catalogue.service", service_id=service.id))
        )
    channel = None
    if _registrar() is not None:
        channel = request.form.get("channel")
        if channel not in STAFF_CHANNELS:
            flash(_("Choose how the case came in."), "error")
            return redirect(url_for("catalogue.service", service_id=service.id))
    draft = _draft(service)
    if draft is None or draft.service_version != service.version:
        draft, token = services.start_draft(service, user=_owner(), channel=channel)
        if _owner() is None:
            session[DRAFT_TOKENS] = {**session.get(DRAFT_TOKENS, {}), service.id: token}
    elif channel and draft.channel != channel:
        services.set_channel(draft, channel)
    return redirect(
        url_for(
            "eservices.step",
            service_id=service.id,
            number=min(draft.completed_steps + 1, len(service.steps)),
        )
    )


def _draft_or_restart(service):
    if _needs_login(service):
        return None, redirect(url_for("accounts.login", next=request.path))
    draft = _draft(service)
    if draft is None or draft.service_version != service.version:
        flash(
            _("Your answers were not found, or the form has changed. Please start again."), "error"
        )
        return None, redirect(url_for("catalogue.service", service_id=service.id))
    return draft, None


@bp.route("/e-tjanster/<service_id>/steg/<int:number>", methods=["GET", "POST"])
@public
def step(service_id, number):
    """One step of the form: validated on Continue, kept as typed on Back."""
    service = _service_or_404(service_id)
    draft, leave = _draft_or_restart(service)
    if leave:
        return leave
    open_steps = min(draft.completed_steps + 1, len(service.steps))
    if not 1 <= number <= open_steps:
        return redirect(_step_url(service, open_steps))
    mark_personal_data()
    page = services.take_step(
        draft,
        service,
        number,
        language=current_language(),
        posted=request.form if request.method == "POST" else None,
        files=request.files,
        user=_uploader(),
    )
    if page.removed:
        flash(_("“%(name)s” has been removed.", name=page.removed), "success")
    if page.go == "here":
        return redirect(_step_url(service, number))
    if page.go == "back":
        if number == 1:
            return redirect(url_for("catalogue.service", service_id=service.id))
        return redirect(_step_url(service, number - 1))
    if page.go == "next":
        if number == len(service.steps):
            return redirect(url_for("eservices.review", service_id=service.id))
        return redirect(_step_url(service, number + 1))
    return render_template(
        "submissions/step.html",
        service=service,
        step=service.steps[number - 1],
        number=number,
        form=page.form,
        hidden=page.hidden,
        uploaded=page.uploaded,
        language=current_language(),
        subfield_names=inputs.subfield_names,
        registering=draft.channel,
    )


def _step_url(service, number):
    return url_for("eservices.step", service_id=service.id, number=number)


@bp.route("/e-tjanster/<service_id>/granska", methods=["GET", "POST"])
@public
def review(service_id):
    """Check every answer, change any of them, then send: nothing is sent before this."""
    service = _service_or_404(service_id)
    draft, leave = _draft_or_restart(service)
    if leave:
        return leave
    incomplete = services.first_incomplete_step(service, draft)
    if incomplete is not None:
        return redirect(_step_url(service, incomplete))
    mark_personal_data()
    if request.method == "POST":
        from eservices.accounts.forms import ConfirmForm

        if not ConfirmForm().validate_on_submit():
            abort(400)
        try:
            case, follow_token = services.submit_draft(
                draft, service, applicant=_resident(), registered_by=_registrar()
            )
        except services.AlreadySubmitted:
            flash(_("The form has already been sent."), "success")
            return redirect(url_for("catalogue.service", service_id=service.id))
        # The session remembers the last five receipts (it is a cookie: keep it small).
        receipts = [*session.get("receipts", [])[-4:], case.number]
        session["receipts"] = receipts
        if follow_token:
            tokens = {**session.get(FOLLOW_TOKENS, {}), case.number: follow_token}
            session[FOLLOW_TOKENS] = {n: t for n, t in tokens.items() if n in receipts}
        return redirect(url_for("eservices.receipt", number=case.number))
    answers = visible_answers(service.fields(), draft.answers)
    return render_template(
        "submissions/review.html",
        service=service,
        registering=draft.channel,
        answers=answers,
        files=attachments.of_draft(draft),
        language=current_language(),
    )


def _receipt_case_or_404(number):
    """The case of a receipt this visitor may see: their own, or one sent in this session."""
    case = get_case_or_404(number, for_user=_resident(), receipts=session.get("receipts", []))
    mark_personal_data()
    return case


@bp.route("/kvitto/<number>")
@public
def receipt(number):
    """The receipt: case number, what happens next, and a copy of the answers."""
    case = _receipt_case_or_404(number)
    service = service_of(case)
    # The follow link is shown once, as the page says: a reload shows the receipt without it.
    # The token stays in the session, which lets this visitor fetch the case's files.
    shown = session.get("follow_links_shown", [])
    follow_token = session.get(FOLLOW_TOKENS, {}).get(number)
    if follow_token and number not in shown:
        session["follow_links_shown"] = [*shown[-4:], number]
    return render_template(
        "submissions/receipt.html",
        case=case,
        service=service,
        files=attachments.of_case(case),
        language=current_language(),
        follow_url=public_url("follow.case", token=follow_token)
        if follow_token and number not in shown
        else None,
        follow_link_shown=number in shown,
    )


@bp.route("/kvitto/<number>.pdf")
@public
def receipt_pdf(number):
    """The receipt as a PDF to download and keep."""
    case = _receipt_case_or_404(number)
    pdf = receipt_pdf_bytes(case, service_of(case), attachments.of_case(case), current_language())
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    filename = f"kvitto-{case.number}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.app_template_global("display")
def _display(field, value, language):
    return display_value(field, value, language)


@bp.app_context_processor
def _staff_channels():
    return {"staff_channels": STAFF_CHANNELS}
