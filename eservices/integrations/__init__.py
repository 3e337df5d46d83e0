"""Integrations: the case API for units' back-end systems, and signed webhooks to them of
every change of a case (events, numbered per case)."""

from flask import Blueprint

bp = Blueprint("integrations", __name__)
api_bp = Blueprint("cases_api", __name__)

# events registers with the case domain, which calls it as each change is written.
from eservices.integrations import api, events, routes  # noqa: E402, F401
