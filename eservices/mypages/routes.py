"""HTTP for Mina sidor."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.accounts import services as accounts
from eservices.i18n import current_language
from eservices.mypages import bp
from eservices.mypages.forms import ProfileForm
from eservices.permissions import requires
from eservices.security import mark_personal_data


@bp.route("/")
@requires("use_my_pages")
def index():
    """The resident's overview."""
    mark_personal_data()
    return render_template("mypages/index.html", user=current_user)


@bp.route("/profil", methods=["GET", "POST"])
@requires("use_my_pages")
def profile():
    """Contact details that pre-fill forms: information is given once."""
    mark_personal_data()
    user = current_user._get_current_object()
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
