"""Administration: staff accounts, units, committees and the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from eservices.admin import routes  # noqa: E402, F401
