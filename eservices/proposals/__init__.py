"""E-proposals (e-förslag): residents propose, moderators check against the rulebook,
residents support, and the committee answers in public."""

from flask import Blueprint

bp = Blueprint("proposals", __name__)
