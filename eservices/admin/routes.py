"""HTTP for administrators: staff accounts, units, committees and the audit log."""

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from eservices.accounts import services as accounts
from eservices.accounts.forms import ConfirmForm
from eservices.accounts.models import STAFF_KIND, User
from eservices.admin import bp
from eservices.admin.forms import AuditFilterForm, CommitteeForm, StaffForm, UnitForm
from eservices.audit import services as audit
from eservices.database import start_of_day
from eservices.extensions import db
from eservices.forms import choices
from eservices.notifications import services as mail
from eservices.notifications.models import FAILED, OutboxMessage
from eservices.organisation import services as organisation
from eservices.organisation.models import COMMITTEE, UNIT, Unit
from eservices.permissions import requires
from eservices.security import mark_personal_data

PER_PAGE = 50


@bp.route("/")
@requires("manage_staff")
def index():
    """The administrator's start page."""
    return render_template("admin/index.html", failed_emails=mail.failed_count())


# --- E-mail that could not be sent ------------------------------------------------------


@bp.route("/e-post")
@requires("manage_staff")
def failed_emails():
    """E-mail that failed every attempt: to whom, about what, and why."""
    mark_personal_data()
    page = db.paginate(
        mail.failed_messages(), page=request.args.get("page", 1, type=int), per_page=PER_PAGE
    )
    return render_template("admin/failed_emails.html", page=page)


@bp.route("/e-post/<int:message_id>/skicka-igen", methods=["POST"])
@requires("manage_staff")
def resend_email(message_id):
    """Put a failed e-mail back in the outbox, to be sent at the worker's next round."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != FAILED:
        abort(404)
    mail.retry(message, actor=current_user)
    flash(
        _("The e-mail to %(address)s will be sent again.", address=message.to_address),
        "success",
    )
    return redirect(url_for("admin.failed_emails"))


# --- Staff -----------------------------------------------------------------------------


@bp.route("/personal")
@requires("manage_staff")
def staff_list():
    """Staff accounts, searchable by name or e-mail address."""
    mark_personal_data()
    query_text = request.args.get("q", "")[:100]
    query = select(User).where(User.kind == STAFF_KIND).order_by(User.family_name, User.given_name)
    if query_text:
        pattern = f"%{query_text.lower()}%"
        query = query.where(
            or_(
                User.login_email.like(pattern),
                db.func.lower(User.given_name + " " + User.family_name).like(pattern),
            )
        )
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template("admin/staff_list.html", page=page, q=query_text)


def _staff_form(user=None):
    form = StaffForm(obj=user)
    form.units.choices = choices(
        (unit.id, "— " * depth + unit.name_sv)
        for unit, depth in organisation.units_in_tree_order()
    )
    form.committees.choices = choices((c.id, c.name_sv) for c in organisation.committees())
    if user is not None and request.method == "GET":
        form.email.data = user.login_email
        form.roles.data = sorted(user.role_names)
        form.units.data = [unit.id for unit in user.units if not unit.is_committee]
        form.committees.data = [unit.id for unit in user.units if unit.is_committee]
    return form


def _selected(ids):
    if not ids:
        return []
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(ids))))


@bp.route("/personal/ny", methods=["GET", "POST"])
@requires("manage_staff")
def staff_new():
    """Create a staff account; the person gets an e-mail to choose a password."""
    form = _staff_form()
    if form.validate_on_submit():
        try:
            user = accounts.create_staff(
                form.email.data,
                form.given_name.data,
                form.family_name.data,
                roles=form.roles.data,
                units=_selected(form.units.data),
                committees=_selected(form.committees.data),
                actor=current_user,
            )
        except accounts.AccountError:
            form.email.errors.append(_("There is already a staff account with this address."))
        else:
            flash(_("The account is created and an invitation has been sent."), "success")
            return redirect(url_for("admin.staff_edit", user_id=user.id))
    return render_template("admin/staff_form.html", form=form, user=None)


@bp.route("/personal/<int:user_id>", methods=["GET", "POST"])
@requires("manage_staff")
def staff_edit(user_id):
    """Change a staff account's details, roles and memberships."""
    mark_personal_data()
    user = db.session.get(User, user_id)
    if user is None or not user.is_staff:
        abort(404)
    form = _staff_form(user)
    if form.validate_on_submit():
        try:
            accounts.update_staff(
                user,
                given_name=form.given_name.data,
                family_name=form.family_name.data,
                email=form.email.data,
                is_active=form.is_active.data,
                roles=form.roles.data,
                units=_selected(form.units.data),
                committees=_selected(form.committees.data),
                actor=current_user,
            )
        except accounts.AccountError as exc:
            if exc.code == "last_admin":
                form.roles.errors.append(_("The last administrator cannot be removed."))
            else:
                form.email.errors.append(_("There is already a staff account with this address."))
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("admin.staff_edit", user_id=user.id))
    return render_template(
        "admin/staff_form.html", form=form, user=user, action_form=ConfirmForm()
    )


@bp.route("/personal/<int:user_id>/inbjudan", methods=["POST"])
@requires("manage_staff")
def staff_invite(user_id):
    """Send a new link for choosing a password (also a password reset)."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_staff or not ConfirmForm().validate_on_submit():
        abort(404 if user is None else 400)
    accounts.send_invitation(user, actor=current_user)
    flash(_("A new link has been sent to %(email)s.", email=user.login_email), "success")
    return redirect(url_for("admin.staff_edit", user_id=user.id))


@bp.route("/personal/<int:user_id>/tvastegsverifiering", methods=["GET", "POST"])
@requires("manage_staff")
def staff_reset_totp(user_id):
    """Turn off a person's two-factor log-in (lost phone): a page that confirms, then acts."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_staff:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.disable_totp(user, actor=current_user)
        flash(
            _("Two-factor log-in has been turned off for %(name)s.", name=user.full_name),
            "success",
        )
        return redirect(url_for("admin.staff_edit", user_id=user.id))
    return render_template("admin/staff_reset_totp.html", form=form, user=user)


# --- Units and committees --------------------------------------------------------------


@bp.route("/enheter")
@requires("manage_organisation")
def unit_list():
    """Administrations and their units."""
    return render_template(
        "admin/unit_list.html", units=organisation.units_in_tree_order(with_members=True)
    )


def _unit_form(unit=None):
    form = UnitForm(obj=unit)
    form.parent_id.choices = choices(
        [(0, _("None (an administration)"))]
        + [
            (u.id, "— " * depth + u.name_sv)
            for u, depth in organisation.units_in_tree_order()
            if unit is None or u.id != unit.id
        ]
    )
    if unit is not None and request.method == "GET":
        form.parent_id.data = unit.parent_id or 0
    return form


@bp.route("/enheter/ny", methods=["GET", "POST"])
@bp.route("/enheter/<int:unit_id>", methods=["GET", "POST"])
@requires("manage_organisation")
def unit_edit(unit_id=None):
    """Create or change a unit."""
    unit = None if unit_id is None else organisation.get_or_404(unit_id, UNIT)
    form = _unit_form(unit)
    if form.validate_on_submit() and _saved(
        unit, form, UNIT, parent_id=form.parent_id.data, email=form.email.data
    ):
        flash(_("The unit is saved."), "success")
        return redirect(url_for("admin.unit_list"))
    return render_template("admin/unit_form.html", form=form, unit=unit)


@bp.route("/namnder")
@requires("manage_organisation")
def committee_list():
    """Committees and boards."""
    return render_template(
        "admin/committee_list.html", committees=organisation.committees(with_members=True)
    )


@bp.route("/namnder/ny", methods=["GET", "POST"])
@bp.route("/namnder/<int:committee_id>", methods=["GET", "POST"])
@requires("manage_organisation")
def committee_edit(committee_id=None):
    """Create or change a committee."""
    committee = None if committee_id is None else organisation.get_or_404(committee_id, COMMITTEE)
    form = CommitteeForm(obj=committee)
    if form.validate_on_submit() and _saved(committee, form, COMMITTEE):
        flash(_("The committee is saved."), "success")
        return redirect(url_for("admin.committee_list"))
    return render_template("admin/committee_form.html", form=form, committee=committee)


def _saved(unit, form, kind, **details):
    """Save the unit or committee; a refusal goes next to the field it is about."""
    try:
        organisation.save(
            unit,
            kind=kind,
            name_sv=form.name_sv.data,
            name_en=form.name_en.data,
            slug=form.slug.data,
            is_active=form.is_active.data,
            actor=current_user,
            **details,
        )
    except organisation.OrganisationError as exc:
        if exc.code == "cycle":
            form.parent_id.errors.append(_("A unit cannot be part of itself."))
        elif exc.holder == UNIT:
            form.slug.errors.append(_("Another unit already has this short name."))
        else:
            form.slug.errors.append(_("Another committee already has this short name."))
        return False
    return True


# --- Audit log -------------------------------------------------------------------------


@bp.route("/logg")
@requires("view_audit_log")
def audit_log():
    """Browse and filter the audit log."""
    mark_personal_data()
    form = AuditFilterForm(request.args)
    form.action.choices = choices([("", _("All actions"))] + [(a, a) for a in audit.actions()])
    form.validate()
    # Days are Swedish days: from midnight in Stockholm, which is 23 or 25 hours on DST days.
    since, until = form.since.data, form.until.data
    query = audit.search(
        action=form.action.data or None,
        actor_id=form.actor_id.data,
        object_type=form.object_type.data or None,
        object_id=form.object_id.data or None,
        since=start_of_day(since) if since else None,
        until=start_of_day(until + timedelta(days=1)) if until else None,
    )
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit_log.html", form=form, page=page, args=args)
