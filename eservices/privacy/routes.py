"""HTTP for the privacy pages on Mina sidor."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.i18n import current_language
from eservices.permissions import requires
from eservices.privacy import bp, collect, registry, services
from eservices.privacy.forms import RemoveAccountForm
from eservices.security import mark_personal_data


@bp.route("/")
@requires("use_my_pages")
def index():
    """Everything we hold about the resident, to read, with the JSON download."""
    mark_personal_data()
    user = current_user._get_current_object()
    return render_template(
        "privacy/index.html",
        data=collect.personal_data(user, current_language()),
        holdings=[holding.name for holding in registry.holdings()],
    )


@bp.route("/export.json")
@requires("use_my_pages")
def export():
    """The same data as a JSON file to save."""
    mark_personal_data()
    document = services.export(current_user._get_current_object(), current_language())
    response = current_app.response_class(
        document.text, content_type="application/json; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    # A file to save, never a page to run: nothing in it may execute if opened in place.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.route("/ta-bort", methods=["GET", "POST"])
@requires("use_my_pages")
def remove():
    """What removing the account means (GET), and removing it once confirmed (POST)."""
    mark_personal_data()
    form = RemoveAccountForm()
    if form.validate_on_submit():
        services.remove_account(current_user._get_current_object())
        flash(
            _(
                "Your account is removed and you are logged out. "
                "The cases you sent stay with the municipality."
            ),
            "success",
        )
        return redirect(url_for("main.index"))
    return render_template("privacy/remove.html", form=form)
