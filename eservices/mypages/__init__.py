"""Mina sidor: the resident's own pages."""

from flask import Blueprint

bp = Blueprint("mypages", __name__)

from eservices.mypages import routes  # noqa: E402, F401
