"""E-proposals (e-förslag): residents propose, moderators check against the rulebook,
residents support, and the committee answers in public.

``models.py`` is the proposal, ``services.py`` writing and sending in, ``moderation.py``
the queue's decisions, ``queries.py`` the lists, ``routes.py`` the pages, ``comments.py``
the comments.
"""

from flask import Blueprint

bp = Blueprint("proposals", __name__)


def _setup(state):
    from eservices.moderation.registry import register_kind
    from eservices.proposals import categories
    from eservices.proposals.comment_moderation import COMMENT_KIND
    from eservices.proposals.moderation import PROPOSAL_KIND

    categories.init_app(state.app)
    register_kind(state.app, PROPOSAL_KIND)
    register_kind(state.app, COMMENT_KIND)


bp.record_once(_setup)

from eservices.proposals import (  # noqa: E402, F401
    cli,
    comment_privacy,
    comment_routes,
    privacy,
    retention,
    routes,
    support_privacy,
    support_routes,
    templating,
)
