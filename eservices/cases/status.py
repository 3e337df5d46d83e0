"""The names of case statuses, decisions and channels, as residents and staff read them."""

from flask_babel import lazy_gettext as _l

from eservices.cases.workflow import DECISIONS, LABELS

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


def decision_label(decision):
    """The decision (approved, partly approved, rejected) in the reader's language."""
    return DECISIONS.get(decision, decision)
