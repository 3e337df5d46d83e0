"""Error pages in the visitor's language, with the right status codes."""

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from eservices.audit import services as audit
from eservices.database import transaction
from eservices.extensions import db

PAGES = {400, 403, 404, 405, 413, 429, 500}


def register(app):
    """Install the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _render(code):
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    return render_template(template, code=code), code


def _csrf_error(_error):
    return render_template("errors/csrf.html"), 400


def _http_error(error):
    if error.code == 429 and request.endpoint in {"accounts.staff_login", "accounts.staff_totp"}:
        # Throttled log-ins are worth knowing about: they may be an attack.
        db.session.rollback()
        with transaction():
            audit.record("login.throttled", object_type="users", actor=None)
    if error.code is None or error.code < 400:
        return error
    return _render(error.code)


def _unexpected(error):
    # A broken transaction must not poison the error page's own queries.
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return _render(500)
