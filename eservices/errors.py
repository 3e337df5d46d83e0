"""Error pages in the visitor's language, with the right status codes."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from eservices.extensions import db
from eservices.opendata import json_response

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
    if isinstance(error, SecurityError):
        # An unknown Host header: no page is built for it, since no URL can be.
        message = _("This address does not belong to this site.") + "\n"
        return message, 400, {"Content-Type": "text/plain; charset=utf-8"}
    if error.code is None or error.code < 400:
        return error
    # A throttled client is told when to try again.
    retry_after = getattr(error, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    if request.path.startswith("/api/"):
        # Programs read the APIs: they get the error as JSON, "too_many_requests" and so on.
        name = error.name.lower().replace(" ", "_")
        response = json_response({"error": name}, error.code)
        response.headers.update(headers)
        return response
    body, code = _render(error.code)
    return body, code, headers


def _unexpected(error):
    # A broken transaction must not poison the error page's own queries.
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return _render(500)
