"""Moderation: the rulebook, the pre-screen, and the queue that items of any kind go through.

Kinds of item (proposals, comments, candidate profiles) register with ``registry`` and are
moderated here without this package knowing them. moderation/README.md describes the
rulebook and the API the kinds use.
"""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from eservices.moderation import pages, privacy, routes  # noqa: E402, F401
