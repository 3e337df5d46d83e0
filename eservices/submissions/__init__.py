"""Filling in an e-service: the form engine, drafts, review and submission."""

from flask import Blueprint

bp = Blueprint("eservices", __name__)

# Routes register on bp; access registers who may fetch a draft's files, and cases the
# kind of case an e-service becomes.
from eservices.submissions import access, cases, routes  # noqa: E402, F401
