"""The names of case statuses, as residents and staff read them."""

from flask_babel import lazy_gettext as _l

from eservices.cases.models import RECEIVED

LABELS = {
    RECEIVED: _l("Received"),
}


def label(status):
    """The status in the reader's language."""
    return LABELS.get(status, status)
