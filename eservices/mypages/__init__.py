"""Mina sidor: the resident's own pages, and the follow link of those without an account."""

from flask import Blueprint

bp = Blueprint("mypages", __name__)
# The follow link lives outside /mina-sidor/, at the address printed on receipts.
follow_bp = Blueprint("follow", __name__)

from eservices.mypages import follow, routes  # noqa: E402, F401
