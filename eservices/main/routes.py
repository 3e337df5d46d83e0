"""HTTP for the public pages and the language switch."""

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from eservices.database import database_answers
from eservices.extensions import csrf
from eservices.i18n import LANGUAGE_COOKIE, SESSION_LANGUAGE
from eservices.main import bp
from eservices.pagecache import cached_page
from eservices.permissions import public, requires
from eservices.security import safe_next, sent_from_this_site

ONE_YEAR = 365 * 24 * 3600


@bp.route("/")
@public
@cached_page
def index():
    """The start page: one way in to e-services, e-proposals and the youth election."""
    return render_template("main/index.html", sections=_sections())


def _sections():
    # Each part of the platform appears once its blueprint is installed.
    candidates = [
        ("catalogue.index", "eservices"),
        ("proposals.index", "proposals"),
        ("youth.index", "youth"),
    ]
    endpoints = current_app.view_functions
    return [
        (key, url_for(endpoint) if endpoint in endpoints else None) for endpoint, key in candidates
    ]


@bp.route("/om-webbplatsen")
@public
@cached_page
def about():
    """About the site and how personal data is handled."""
    return render_template("main/about.html")


@bp.route("/tillganglighet")
@public
@cached_page
def accessibility():
    """The accessibility statement (tillgänglighetsredogörelse) required by law."""
    return render_template("main/accessibility.html")


@bp.route("/sprak", methods=["POST"])
@public
@csrf.exempt
def set_language():
    """Remember the chosen language in a cookie and go back to the same page; it replaces
    any language chosen for a part of the site, such as the ballot's.

    The switch is on every page, so a CSRF token in it would give every anonymous visitor a
    session cookie and every page a render of its own. It checks where the form was sent from
    instead (docs/security.md): all a forged switch could do is change the language.
    """
    language = request.form.get("lang")
    if not sent_from_this_site() or language not in current_app.config["LANGUAGES"]:
        abort(400)
    session.pop(SESSION_LANGUAGE, None)
    response = redirect(safe_next(request.form.get("next"), url_for("main.index")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response


@bp.route("/healthz")
@public
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not, in time."""
    if not database_answers(current_app.config["HEALTHZ_TIMEOUT"]):
        current_app.logger.error("health check failed: the database did not answer")
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/personal")
@requires("staff")
def staff_home():
    """The staff start page: links to what the person's roles allow."""
    return render_template("main/staff_home.html", user=current_user)
