"""Integrations: the case API for units' back-end systems, and signed webhooks to them."""

from flask import Blueprint

bp = Blueprint("integrations", __name__)
api_bp = Blueprint("cases_api", __name__)

from eservices.integrations import api, routes  # noqa: E402, F401
