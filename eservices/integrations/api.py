"""The case API: a unit's back-end systems read its cases as JSON with a bearer token.

GET /api/v1/cases?since=<ISO time>&page=<n>   the unit's cases, oldest first
GET /api/v1/cases/<number>                    one case (see documents.case_document)
GET /api/v1/cases/<number>/attachments/<id>   an attachment's content

A client sees only its own unit's cases: any other case number is 404, as if unknown.
"""

from datetime import datetime
from functools import wraps
from io import BytesIO

from flask import g, jsonify, request, send_file
from sqlalchemy import select

from eservices.attachments import services as attachments
from eservices.attachments import storage
from eservices.audit import services as audit
from eservices.cases.access import find_case
from eservices.cases.models import Case
from eservices.database import transaction
from eservices.extensions import csrf, db
from eservices.integrations import api_bp, services
from eservices.integrations.documents import case_document
from eservices.permissions import API_CLIENT

PER_PAGE = 100


def _problem(status, title):
    response = jsonify({"status": status, "title": title})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="cases"'
    return response


def api_client_required(view):
    """Let through only requests with a live client's bearer token; the client is g.api_client."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        client = services.authenticate(token.strip()) if scheme.lower() == "bearer" else None
        if client is None:
            return _problem(401, "A valid API token is needed.")
        g.api_client = client
        return view(*args, **kwargs)

    wrapped.access = API_CLIENT
    return wrapped


def _own_case(number):
    """The case with this number in the client's unit, or None."""
    return find_case(number, for_unit=g.api_client.unit)


@api_bp.route("/cases")
@api_client_required
def cases():
    """The client's unit's cases, oldest first, a page at a time."""
    query = select(Case).where(Case.unit_id == g.api_client.unit_id)
    since = request.args.get("since")
    if since:
        try:
            moment = datetime.fromisoformat(since)
        except ValueError:
            return _problem(400, "since must be an ISO 8601 time, e.g. 2026-11-01T00:00:00+00:00")
        if moment.tzinfo is None:
            return _problem(400, "since must include a time zone, e.g. +00:00")
        query = query.where(Case.submitted_at >= moment)
    page = request.args.get("page", 1, type=int)
    result = db.paginate(
        query.order_by(Case.submitted_at, Case.id),
        page=max(page, 1),
        per_page=PER_PAGE,
        error_out=False,
    )
    with transaction():
        audit.record("api.cases_listed", g.api_client, count=len(result.items))
    return jsonify(
        {
            "cases": [case_document(case) for case in result.items],
            "page": result.page,
            "pages": result.pages,
            "total": result.total,
        }
    )


@api_bp.route("/cases/<number>")
@api_client_required
def case(number):
    """One case of the client's unit."""
    found = _own_case(number)
    if found is None:
        return _problem(404, "No such case.")
    with transaction():
        audit.record("api.case_read", found, client=g.api_client.name)
    return jsonify(case_document(found))


@api_bp.route("/cases/<number>/attachments/<public_id>")
@api_client_required
def attachment(number, public_id):
    """An attachment's content, as uploaded."""
    found = _own_case(number)
    file = attachments.find(public_id)
    if found is None or file is None or file.case_id != found.id:
        return _problem(404, "No such attachment.")
    with transaction():
        audit.record("attachment.downloaded", file, case=found.number, client=g.api_client.name)
    return send_file(
        BytesIO(storage.load(file.storage_key)),
        mimetype=file.content_type,
        as_attachment=True,
        download_name=file.filename,
        max_age=0,
    )


# Bearer tokens, not cookies: there is no session for a forged request to ride on.
csrf.exempt(api_bp)
