"""Accounts: residents log in with e-ID, staff with password and two-factor code."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from eservices.accounts import routes  # noqa: E402, F401  (routes register on bp)
