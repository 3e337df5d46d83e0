"""Public pages: the start page, about and privacy, accessibility, health, language."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from eservices.main import routes  # noqa: E402, F401
