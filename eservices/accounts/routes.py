"""HTTP for logging in and out. Rules live in accounts.services."""

import time

import segno
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.exceptions import TooManyRequests

from eservices.accounts import bp, credentials, identity, services, throttling
from eservices.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    SetPasswordForm,
    StaffLoginForm,
    TestEidForm,
    TotpForm,
)
from eservices.accounts.models import User
from eservices.extensions import db
from eservices.pagecache import cached_page
from eservices.permissions import AUTHENTICATED, public, requires
from eservices.security import mark_personal_data, public_url, safe_next

# A password that was right is only half a log-in; the second half must follow soon.
PENDING_LOGIN_SECONDS = 300


def _refuse_throttled(exc):
    raise TooManyRequests(retry_after=exc.retry_after) from exc


# --- Residents -------------------------------------------------------------------------


@bp.route("/logga-in")
@public
@cached_page
def login():
    """Choose how to log in with e-ID."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("mypages.index")))
    return render_template(
        "accounts/login.html",
        next_url=safe_next(request.args.get("next"), ""),
        oidc=identity.oidc_enabled(),
        test_eid=identity.test_eid_enabled(),
    )


@bp.route("/logga-in/e-legitimation")
@public
def oidc_start():
    """Hand over to the e-ID broker; `ny-inloggning=1` asks the person to prove who they are
    again, even when the broker remembers them (before a vote)."""
    if not identity.oidc_enabled():
        abort(404)
    session["login_next"] = safe_next(request.args.get("next"), "")
    fresh = request.args.get("ny-inloggning") == "1"
    return identity.oidc_redirect(
        public_url("accounts.oidc_callback"),
        prompt="login" if fresh else None,
        max_age=0 if fresh else None,
    )


@bp.route("/logga-in/e-legitimation/retur")
@public
def oidc_callback():
    """The broker sends the resident back here with an authorisation code."""
    if not identity.oidc_enabled():
        abort(404)
    next_url = session.pop("login_next", "")
    try:
        person = identity.oidc_identity()
    except identity.IdentityError as exc:
        current_app.logger.warning("e-ID log-in refused: %s", exc)
        flash(_("The log-in with e-ID did not succeed. Please try again."), "error")
        return redirect(url_for("accounts.login"))
    return _finish_resident_login(person, next_url)


@bp.route("/logga-in/test", methods=["GET", "POST"])
@public
def test_eid():
    """The built-in test e-ID for development and demonstrations."""
    if not identity.test_eid_enabled():
        abort(404)
    form = TestEidForm()
    if form.validate_on_submit():
        person = identity.Identity(
            personnummer=form.personnummer.parsed,
            given_name=form.given_name.data,
            family_name=form.family_name.data,
            method=identity.METHOD_TEST_EID,
        )
        return _finish_resident_login(person, request.args.get("next"))
    return render_template(
        "accounts/test_eid.html",
        form=form,
        test_persons=identity.TEST_PERSONS,
        next_url=safe_next(request.args.get("next"), ""),
    )


@bp.route("/logga-in/test/<pnr>", methods=["POST"])
@public
def test_eid_pick(pnr):
    """Log in as one of the listed test persons."""
    if not identity.test_eid_enabled():
        abort(404)
    form = ConfirmForm()
    people = {number: (given, family) for number, given, family in identity.TEST_PERSONS}
    if not form.validate_on_submit() or pnr not in people:
        abort(400)
    from eservices import parsers

    person = identity.Identity(
        personnummer=parsers.parse_personnummer(pnr),
        given_name=people[pnr][0],
        family_name=people[pnr][1],
        method=identity.METHOD_TEST_EID,
    )
    return _finish_resident_login(person, request.args.get("next"))


def _finish_resident_login(person, next_url):
    try:
        services.log_in_resident(person)
    except services.AccountError:
        flash(_("This account has been closed. Contact us if you need help."), "error")
        return redirect(url_for("accounts.login"))
    flash(_("You are logged in."), "success")
    return redirect(safe_next(next_url, url_for("mypages.index")))


@bp.route("/logga-ut", methods=["POST"])
@requires(AUTHENTICATED)
def logout():
    """End the session for good."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    services.log_out(current_user._get_current_object())
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/bekrafta-e-post/<token>", methods=["GET", "POST"])
@public
def confirm_email(token):
    """Confirm an e-mail address: a page with a button, so link scanners confirm nothing."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.confirm_email(token)
        except services.AccountError as exc:
            message = (
                _("The link has expired. Save your profile again to get a new one.")
                if exc.code == "expired"
                else _("The link is not valid.")
            )
            flash(message, "error")
            return redirect(url_for("main.index"))
        flash(_("Your e-mail address is confirmed."), "success")
        if current_user.is_authenticated and current_user.is_resident:
            return redirect(url_for("mypages.profile"))
        return redirect(url_for("main.index"))
    return render_template("accounts/confirm_email.html", form=form)


# --- Staff -----------------------------------------------------------------------------


@bp.route("/personal/logga-in", methods=["GET", "POST"])
@public
@cached_page
def staff_login():
    """Staff log in with e-mail and password; two-factor follows when set up or required."""
    form = StaffLoginForm()
    next_url = safe_next(request.args.get("next"), "")
    if form.validate_on_submit():
        try:
            user = services.check_staff_password(
                form.email.data, form.password.data, request.remote_addr
            )
        except throttling.Throttled as exc:
            _refuse_throttled(exc)
        if user is None:
            form.password.errors.append(_("The e-mail address or the password is wrong."))
        elif user.totp_enabled_at or services.needs_totp_enrolment(user):
            session.clear()
            session["pending_login"] = {"user_id": user.id, "since": time.time(), "next": next_url}
            if user.totp_enabled_at:
                return redirect(url_for("accounts.staff_totp"))
            return redirect(url_for("accounts.totp_setup"))
        else:
            services.complete_staff_login(user, "password")
            return redirect(safe_next(next_url, url_for("main.staff_home")))
    return render_template("accounts/staff_login.html", form=form, next_url=next_url)


def _pending_user():
    pending = session.get("pending_login")
    if not pending or time.time() - pending.get("since", 0) > PENDING_LOGIN_SECONDS:
        return None, None
    user = db.session.get(User, pending["user_id"])
    if user is None or not user.is_active:
        return None, None
    return user, pending.get("next") or ""


@bp.route("/personal/logga-in/kod", methods=["GET", "POST"])
@public
def staff_totp():
    """The second factor: a code from the authenticator app."""
    user, next_url = _pending_user()
    if user is None or not user.totp_enabled_at:
        flash(_("Please log in again."), "error")
        return redirect(url_for("accounts.staff_login"))
    form = TotpForm()
    if form.validate_on_submit():
        try:
            right = services.check_totp(user, form.code.data, request.remote_addr)
        except throttling.Throttled as exc:
            _refuse_throttled(exc)
        if right:
            services.complete_staff_login(user, "password+totp")
            return redirect(safe_next(next_url, url_for("main.staff_home")))
        form.code.errors.append(_("The code is wrong or has already been used."))
    return render_template("accounts/staff_totp.html", form=form)


@bp.route("/personal/tvastegsverifiering", methods=["GET", "POST"])
@public
def totp_setup():
    """Set up two-factor log-in: during a log-in that requires it, or from one's account."""
    user, next_url = _pending_user()
    logged_in = current_user.is_authenticated and current_user.is_staff
    if logged_in:
        user = current_user._get_current_object()
    if user is None:
        return redirect(url_for("accounts.staff_login"))
    if user.totp_enabled_at:
        return redirect(url_for("accounts.staff_account"))
    form = TotpForm()
    secret = session.get("totp_setup_secret")
    if not secret or request.method == "GET":
        secret = session["totp_setup_secret"] = credentials.new_totp_secret()
    if form.validate_on_submit():
        if services.enable_totp(user, secret, form.code.data):
            session.pop("totp_setup_secret", None)
            flash(_("Two-factor log-in is now on."), "success")
            if logged_in:
                return redirect(url_for("accounts.staff_account"))
            services.complete_staff_login(user, "password+totp")
            return redirect(safe_next(next_url, url_for("main.staff_home")))
        form.code.errors.append(
            _("The code is wrong. Check the time on your phone and try again.")
        )
    uri = credentials.totp_uri(secret, user.login_email)
    qr_svg = Markup(  # noqa: S704 - segno writes the SVG; nothing user-controlled goes in
        segno.make(uri, error="m").svg_inline(
            scale=5, omitsize=True, title=_("QR code for your app")
        )
    )
    return render_template(
        "accounts/totp_setup.html", form=form, qr_svg=qr_svg, secret=secret, required=not logged_in
    )


@bp.route("/personal/satt-losenord/<token>", methods=["GET", "POST"])
@public
def set_password(token):
    """Choose a password from an invitation link."""
    user = services.user_for_invitation(token)
    if user is None:
        return render_template("accounts/invitation_invalid.html"), 404
    form = SetPasswordForm()
    form.email_for_policy = user.login_email
    if form.validate_on_submit():
        services.set_staff_password(user, form.password.data)
        flash(_("Your password is saved. You can now log in."), "success")
        return redirect(url_for("accounts.staff_login"))
    return render_template("accounts/set_password.html", form=form, user=user)


@bp.route("/personal/konto", methods=["GET", "POST"])
@requires("staff")
def staff_account():
    """A staff member's own account: password and two-factor log-in."""
    mark_personal_data()
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.email_for_policy = user.login_email
    if form.validate_on_submit():
        if not credentials.verify_password(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            services.set_staff_password(user, form.password.data)
            # Changing the password ends every session, this one included: log in again.
            flash(_("Your password is changed. Log in with the new password."), "success")
            return redirect(url_for("accounts.staff_login"))
    return render_template("accounts/staff_account.html", form=form, user=user)
