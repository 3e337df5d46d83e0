"""The names of case statuses, as residents and staff read them."""

from flask_babel import lazy_gettext as _l

from eservices.cases.models import RECEIVED

LABELS = {
    RECEIVED: _l("Received"),
}

# How a case came in: an e-service, or registered by staff on the resident's behalf.
CHANNEL_LABELS = {
    "digital": _l("E-service"),
    "paper": _l("Paper form or letter"),
    "phone": _l("Telephone"),
    "visit": _l("Visit"),
}
STAFF_CHANNELS = ("paper", "phone", "visit")


def label(status):
    """The status in the reader's language."""
    return LABELS.get(status, status)
