"""The handler's workspace: a unit's queue, the case page, and the case's workflow."""

from flask import Blueprint

bp = Blueprint("casework", __name__)

from eservices.casework import routes  # noqa: E402, F401
