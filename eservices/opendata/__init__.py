"""Open data: what every read-only JSON API of the platform shares, and its description.

``json_response`` gives the cache and CORS headers, ``rate_limited`` the per-address limit
(OPEN_DATA_LIMIT), and ``/api/openapi.json`` serves ``openapi.yaml``, written by hand.
"""

import json
from functools import cache
from pathlib import Path

import yaml
from flask import Blueprint, Response, current_app

from eservices.extensions import limiter

bp = Blueprint("opendata", __name__)

CACHE_SECONDS = 300
SPEC_FILE = Path(__file__).with_name("openapi.yaml")


def json_response(data, status=200):
    """``data`` as JSON that any site may read and any cache may keep for five minutes."""
    # Swedish letters as UTF-8, not \u escapes; app.json.ensure_ascii would change every
    # JSON response of the app, so the open data serialises its own.
    response = Response(
        json.dumps(data, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    return with_open_headers(response)


def with_open_headers(response):
    """Add the cache and CORS headers of open data to ``response``."""
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _limit():
    return current_app.config["OPEN_DATA_LIMIT"]


# Per address, over every open data route together.
rate_limited = limiter.shared_limit(_limit, scope="open-data")


@cache
def specification():
    """The OpenAPI document, read once."""
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


from eservices.opendata import routes  # noqa: E402, F401
