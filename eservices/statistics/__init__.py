"""Statistics for managers: submissions, channels, lead times, backlog and completion requests."""

from flask import Blueprint

bp = Blueprint("statistics", __name__)

from eservices.statistics import routes  # noqa: E402, F401
