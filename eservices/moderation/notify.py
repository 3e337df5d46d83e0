"""The standard e-mail about a moderation decision, for the kinds' callbacks to send."""

from eservices.notifications.services import queue_email


def notify_author(decision, *, to, language="sv", title=None, link_endpoint=None):
    """Queue the e-mail telling the author what was decided and why; joins the caller's
    transaction. ``link_endpoint`` is (endpoint, values) of the page to link to."""
    if not to:
        return None
    return queue_email(
        to=to,
        template="moderation_decision",
        language=language,
        link_endpoint=link_endpoint,
        outcome=decision.outcome,
        rules=decision.rules,
        note=decision.note,
        title=title if title is not None else getattr(decision.item, "title", ""),
        language_code=language,
    )
