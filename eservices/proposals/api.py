"""Open data: the public proposals as JSON and CSV, for anyone to reuse (GET only).

GET /api/v1/proposals?status=&category=&area=&page=   a page of proposals, newest first
GET /api/v1/proposals.csv?status=&category=&area=     every one of them, for Excel
GET /api/v1/proposals/<id>                            one proposal

Only proposals shown in full (published and later) appear, and none hidden by reports.
Of the proposer only the display name is given.
"""

import csv
import io

from flask import Blueprint, Response, request

from eservices.database import SWEDEN
from eservices.extensions import db
from eservices.moderation import reports
from eservices.moderation.rulebook import get_rulebook
from eservices.opendata import json_response, rate_limited, with_open_headers
from eservices.permissions import public
from eservices.proposals import categories, queries
from eservices.proposals.models import SHOWN_IN_FULL, Proposal
from eservices.proposals.services import KIND
from eservices.security import public_url

api_bp = Blueprint("proposals_api", __name__)

# The API's status names are the model's; the list's filters speak Swedish.
STATUSES = {statuses[0]: key for key, statuses in queries.STATUS_FILTERS.items()}
STATUSES = {status: key for status, key in STATUSES.items() if status in SHOWN_IN_FULL}


MAX_ID = 2**31 - 1


class _BadFilter(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


def _filters():
    """The query string as list filters. An unknown status is an error; an unknown
    category or area simply matches no proposal."""
    status = request.args.get("status", "")
    if status and status not in STATUSES:
        raise _BadFilter("status")
    return queries.Filters(
        status=STATUSES.get(status, ""),
        category=request.args.get("category", "")[:40],
        area=request.args.get("area", "")[:40],
    )


def _query(filters):
    return queries.public_query(filters).where(Proposal.status.in_(SHOWN_IN_FULL))


def _page():
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= 100_000:
        raise _BadFilter("page")
    return int(page)


@api_bp.errorhandler(_BadFilter)
def _bad_filter(error):
    return json_response({"error": "invalid_parameter", "parameter": error.name}, 400)


@api_bp.route("/proposals")
@public
@rate_limited
def proposals():
    """A page of public proposals, newest first."""
    filters, page = _filters(), _page()
    result = db.paginate(
        _query(filters), page=page, per_page=queries.PER_PAGE, error_out=False, count=False
    )
    hidden = reports.hidden_ids(KIND, [str(p.id) for p in result.items])
    threshold = get_rulebook().settings.support_threshold
    return json_response(
        {
            "page": page,
            "per_page": queries.PER_PAGE,
            "proposals": [
                proposal_data(p, threshold) for p in result.items if str(p.id) not in hidden
            ],
        }
    )


@api_bp.route("/proposals/<int:proposal_id>")
@public
@rate_limited
def proposal(proposal_id):
    """One public proposal; 404 with {"error": "not_found"} otherwise."""
    # Beyond PostgreSQL's integer no proposal exists, and asking would be a database error.
    found = db.session.get(Proposal, proposal_id) if proposal_id <= MAX_ID else None
    if found is None or found.status not in SHOWN_IN_FULL or reports.is_hidden(KIND, found.id):
        return json_response({"error": "not_found"}, 404)
    return json_response(proposal_data(found, get_rulebook().settings.support_threshold))


CSV_COLUMNS = (
    "id",
    "title",
    "category",
    "area",
    "status",
    "support_count",
    "threshold",
    "published_at",
    "closes_at",
    "forwarded_at",
    "committee",
    "decision",
    "decided_on",
    "minutes_url",
    "url",
)


@api_bp.route("/proposals.csv")
@public
@rate_limited
def proposals_csv():
    """Every public proposal as CSV the way Swedish Excel opens it: BOM and semicolons."""
    filters = _filters()
    threshold = get_rulebook().settings.support_threshold
    found = db.session.scalars(_query(filters)).all()
    hidden = reports.hidden_ids(KIND, [str(p.id) for p in found])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for p in found:
        if str(p.id) in hidden:
            continue
        data = proposal_data(p, threshold)
        answer = data["answer"] or {}
        writer.writerow(
            [
                data["id"],
                data["title"],
                data["category"]["id"],
                data["area"]["id"],
                data["status"],
                data["support_count"],
                data["threshold"],
                data["published_at"],
                data["closes_at"],
                data["forwarded_at"],
                (data["committee"] or {}).get("name_sv", ""),
                answer.get("decision", ""),
                answer.get("decided_on", ""),
                answer.get("minutes_url", ""),
                data["url"],
            ]
        )
    response = Response(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="e-forslag.csv"'
    return with_open_headers(response)


def proposal_data(proposal, threshold):
    """A public proposal as plain data; of its proposer, only the display name."""
    known = categories.get()
    forwarding = proposal.forwarding
    answered = forwarding is not None and forwarding.answered_at is not None
    return {
        "id": proposal.id,
        "title": proposal.title,
        "text": proposal.body,
        "category": _choice(proposal.category, known.category(proposal.category)),
        "area": _choice(proposal.area, known.area(proposal.area)),
        "status": proposal.status,
        "support_count": proposal.support_count,
        "threshold": threshold,
        "proposer_name": proposal.proposer_name,
        "published_at": _time(proposal.published_at),
        "closes_at": _time(proposal.closes_at),
        "forwarded_at": _time(forwarding.forwarded_at if forwarding else None),
        "closed_at": _time(proposal.closed_at),
        "committee": _committee(proposal.committee),
        "answer": {
            "decision": forwarding.decision,
            "text": forwarding.answer_text,
            "decided_on": forwarding.decided_on.isoformat() if forwarding.decided_on else None,
            "minutes_url": forwarding.minutes_url,
            "answered_at": _time(forwarding.answered_at),
        }
        if answered
        else None,
        "url": public_url("proposals.show", proposal_id=proposal.id, slug=proposal.slug),
    }


def _choice(choice_id, choice):
    title = choice.title if choice else None
    return {
        "id": choice_id,
        "label": {"sv": title.sv, "en": title.en} if title else None,
    }


def _committee(unit):
    if unit is None:
        return None
    return {"slug": unit.slug, "name_sv": unit.name_sv, "name_en": unit.name_en or None}


def _time(moment):
    return moment.astimezone(SWEDEN).isoformat() if moment else None
