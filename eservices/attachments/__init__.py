"""Attachments: files uploaded with an e-service, checked, scanned and stored encrypted."""

from flask import Blueprint

bp = Blueprint("attachments", __name__)

from eservices.attachments import routes  # noqa: E402, F401
