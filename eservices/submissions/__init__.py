"""Filling in an e-service: the form engine, drafts, review and submission."""

from flask import Blueprint

bp = Blueprint("eservices", __name__)

# Routes register on bp; the others register who may fetch a draft's files (access), the
# kind of case an e-service becomes (cases) and what drafts hold about a person (privacy).
from eservices.submissions import access, cases, privacy, routes  # noqa: E402, F401
