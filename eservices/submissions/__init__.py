"""Filling in an e-service: the form engine, drafts, review and submission."""

from flask import Blueprint

bp = Blueprint("eservices", __name__)

from eservices.submissions import routes  # noqa: E402, F401  (routes register on bp)
