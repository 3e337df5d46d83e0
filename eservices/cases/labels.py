"""Every name a case's codes have for people, registered once: statuses, decisions, how a
case came in, what the resident exchanged with the municipality, and the entries of the
timeline as handlers and as residents read them. Templates get them as globals."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eservices.cases import workflow
from eservices.cases.models import COMPLETION_REQUEST, MESSAGE, REPLY

STATUSES = {
    workflow.RECEIVED: _l("Received"),
    workflow.IN_PROGRESS: _l("In progress"),
    workflow.AWAITING_INFO: _l("Awaiting information"),
    workflow.DECIDED: _l("Decided"),
    workflow.CLOSED: _l("Closed"),
}

DECISIONS = {
    workflow.APPROVED: _l("Approved"),
    workflow.PARTLY_APPROVED: _l("Partly approved"),
    workflow.REJECTED: _l("Rejected"),
}

# How a case came in: an e-service, or registered by staff on the resident's behalf.
CHANNELS = {
    "digital": _l("E-service"),
    "paper": _l("Paper form or letter"),
    "phone": _l("Telephone"),
    "visit": _l("Visit"),
}

# What the resident exchanged with the municipality, as their own record names it.
RESIDENT_MESSAGES = {
    MESSAGE: _l("Message from the municipality"),
    COMPLETION_REQUEST: _l("Request for more information"),
    REPLY: _l("Your reply"),
}

# Timeline entries without details to show; the others are written out in event_label.
STAFF_EVENTS = {
    "received": _l("Received"),
    "claimed": _l("Taken by the handler"),
    "note_added": _l("Internal note"),
    "message_sent": _l("Message to the resident"),
    "completion_requested": _l("More information requested"),
    "reply_received": _l("The resident answered"),
    "applicant_account_removed": _l("The applicant removed their account on My pages"),
}
RESIDENT_EVENTS = {
    "received": _l("We received your case"),
    "claimed": _l("A case handler took the case"),
    "assigned": _l("A case handler took the case"),
    "message_sent": _l("You got a message"),
    "completion_requested": _l("We asked you for more information"),
    "reply_received": _l("You answered"),
    "applicant_account_removed": _l("Your account was removed"),
}


def status_label(status):
    """The status in the reader's language."""
    return STATUSES.get(status, status)


def decision_label(decision):
    """The decision (approved, partly approved, rejected) in the reader's language."""
    return DECISIONS.get(decision, decision)


def channel_label(channel):
    """How the case came in, in the reader's language."""
    return CHANNELS.get(channel, channel)


def event_label(event, *, resident=False):
    """One timeline entry as a short sentence, for handlers or, with ``resident``, in words
    meant for the resident (who never sees notes or who handles the case)."""
    details = event.details
    if event.kind == "status_changed":
        return _("Status: %(status)s", status=STATUSES.get(details.get("to"), ""))
    if event.kind == "transferred" and resident:
        return _("Moved to %(unit)s", unit=details.get("to_unit", ""))
    if event.kind == "transferred":
        return _(
            "Transferred from %(from_unit)s to %(to_unit)s",
            from_unit=details.get("from_unit", ""),
            to_unit=details.get("to_unit", ""),
        )
    if event.kind == "assigned" and not resident:
        return _("Assigned to %(name)s", name=details.get("to", ""))
    if resident:
        return RESIDENT_EVENTS.get(event.kind, event.kind.replace("_", " "))
    return STAFF_EVENTS.get(event.kind, event.kind)


def resident_event_label(event):
    """One entry of the resident's timeline (see event_label)."""
    return event_label(event, resident=True)


def register_template_globals(app):
    """The labels, for every template."""
    app.add_template_global(status_label, "case_status_label")
    app.add_template_global(decision_label)
    app.add_template_global(channel_label)
    app.add_template_global(event_label)
    app.add_template_global(
        lambda event: event_label(event, resident=True), "resident_event_label"
    )
