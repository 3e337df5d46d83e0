"""The OpenAPI document of every API route."""

from eservices.opendata import bp, json_response, rate_limited, specification
from eservices.permissions import public


@bp.route("/api/openapi.json")
@public
@rate_limited
def openapi():
    """The OpenAPI 3.1 document."""
    return json_response(specification())
