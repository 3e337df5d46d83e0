"""The resident's own data: download it all, or remove the account."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from eservices.privacy import routes  # noqa: E402, F401
