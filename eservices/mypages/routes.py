"""HTTP for Mina sidor: the overview, my cases, answering a request, drafts and the profile."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.accounts import services as accounts
from eservices.cases import messages
from eservices.cases.access import get_case_or_404
from eservices.cases.services import latest_events
from eservices.catalogue.loading import get_catalogue
from eservices.i18n import current_language
from eservices.mypages import bp, services
from eservices.mypages.forms import ProfileForm, ReplyForm
from eservices.mypages.pages import render_case, took_reply
from eservices.permissions import requires
from eservices.security import mark_personal_data


def _resident():
    return current_user._get_current_object()


@bp.route("/")
@requires("use_my_pages")
def index():
    """The resident's overview: what needs an answer, the latest cases, drafts, details."""
    mark_personal_data()
    user = _resident()
    latest = services.cases_of(user, per_page=3)
    case_ids = [case.id for case in latest.items]
    return render_template(
        "mypages/index.html",
        user=user,
        awaiting=services.awaiting_answer(user),
        latest=latest,
        unread=messages.unread_counts(case_ids),
        unread_total=messages.unread_total(user),
        drafts=services.drafts_of(user),
        language=current_language(),
    )


@bp.route("/arenden")
@requires("use_my_pages")
def cases():
    """My cases, newest first, with status, the latest event and unread messages."""
    mark_personal_data()
    page = services.cases_of(_resident(), page=request.args.get("page", 1, type=int))
    case_ids = [case.id for case in page.items]
    return render_template(
        "mypages/cases.html",
        awaiting=services.awaiting_answer(_resident()),
        page=page,
        unread=messages.unread_counts(case_ids),
        latest_events=latest_events(case_ids),
        language=current_language(),
    )


@bp.route("/arenden/<number>")
@requires("use_my_pages")
def case(number):
    """One of my cases: status, decision, messages, the answer form and the timeline."""
    found = get_case_or_404(number, for_user=_resident())
    return render_case(
        "mypages/case.html", found, ReplyForm(), reply_url=url_for("mypages.reply", number=number)
    )


@bp.route("/arenden/<number>/svar", methods=["POST"])
@requires("use_my_pages")
def reply(number):
    """Answer the case's completion request with text and files."""
    found = get_case_or_404(number, for_user=_resident())
    form = ReplyForm()
    if took_reply(found, form, resident=_resident()):
        return redirect(url_for("mypages.case", number=found.number))
    return render_case(
        "mypages/case.html",
        found,
        form,
        reply_url=url_for("mypages.reply", number=number),
        status=400,
    )


@bp.route("/utkast")
@requires("use_my_pages")
def drafts():
    """E-services I have started but not sent, with a link to go on."""
    mark_personal_data()
    return render_template(
        "mypages/drafts.html",
        drafts=services.drafts_of(_resident()),
        catalogue=get_catalogue(),
        language=current_language(),
    )


@bp.route("/profil", methods=["GET", "POST"])
@requires("use_my_pages")
def profile():
    """Contact details that pre-fill forms, and which e-mail the resident wants."""
    mark_personal_data()
    user = _resident()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        email_changed = accounts.update_profile(
            user,
            email=form.email.data,
            phone=form.phone.data,
            street_address=form.street_address.data,
            postal_code=form.postal_code.data,
            city=form.city.data,
            language=current_language(),
            notify_status=form.notify_status.data,
            notify_messages=form.notify_messages.data,
        )
        flash(_("Your details are saved."), "success")
        if email_changed and user.email:
            flash(
                _(
                    "We have sent a link to %(email)s. Follow it to confirm the address.",
                    email=user.email,
                ),
                "info",
            )
        return redirect(url_for("mypages.profile"))
    return render_template("mypages/profile.html", form=form, user=user)
