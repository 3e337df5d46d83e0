"""What residents call each status of a proposal and each step of its history."""

from flask_babel import lazy_gettext as _l

from eservices.proposals import models

STATUSES = {
    models.DRAFT: _l("Draft, not sent in"),
    models.SUBMITTED: _l("Being checked by a moderator"),
    models.CHANGES_REQUESTED: _l("Changes requested"),
    models.REJECTED: _l("Rejected"),
    models.PUBLISHED: _l("Open for support"),
    models.FORWARDED: _l("With the committee"),
    models.ANSWERED: _l("Answered"),
    models.CLOSED: _l("Closed"),
}

HISTORY = {
    "published": _l("Published and open for support"),
    "forwarded": _l("Sent to the committee"),
    "answered": _l("Answered by the committee"),
    "closed": _l("Closed without enough support"),
}

# The list's status filter, as the address bar spells it.
STATUS_FILTERS = {
    "oppna": _l("Open for support"),
    "hos-namnden": _l("With the committee"),
    "besvarade": _l("Answered"),
    "avslutade": _l("Closed"),
    "avvisade": _l("Rejected"),
}

SORTS = {
    "nyaste": _l("Newest"),
    "mest-stod": _l("Most supported"),
    "slutar-snart": _l("Ending soon"),
}

MODERATION_OUTCOMES = {
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "changes_requested": _l("Changes requested"),
    "withdrawn": _l("Withdrawn"),
    "removed": _l("Removed"),
}
