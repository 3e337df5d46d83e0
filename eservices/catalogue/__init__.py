"""The e-service catalogue: definitions as data, search and description pages."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from eservices.catalogue import routes  # noqa: E402, F401
