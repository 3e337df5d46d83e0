"""E-mail about a case: to the resident with the receipt, on status changes, decisions,
messages and completion requests, and to the handler when the resident answers.

Each message goes to the outbox in the caller's transaction, with the change that causes it.
The e-mail says that something happened and links to it; what was written stays behind the
log-in, because e-mail is not a safe place for personal data.
"""

from flask_babel import force_locale

from eservices.cases import kinds, labels, workflow
from eservices.i18n import localized
from eservices.notifications.services import queue_email

STATUS = "notify_status"
MESSAGES = "notify_messages"


def address(case):
    """Where to write about a case: an address given in the case itself, else the account's."""
    return kinds.of(case).contact_address(case) or getattr(case.applicant, "email", None)


def _recipient(case, choice):
    """The resident's address, unless there is none or they chose not to hear of this."""
    applicant = case.applicant
    if case.anonymised_at is not None:
        return None
    if applicant is not None and (applicant.removed_at or not getattr(applicant, choice)):
        return None
    return address(case)


def _send(case, choice, template, **context):
    to = _recipient(case, choice)
    if not to:
        return None
    # Account holders follow the case on Mina sidor; others through the link in their receipt.
    link = ("mypages.case", {"number": case.number}) if case.applicant_id else None
    return queue_email(
        to=to,
        template=template,
        language=case.language,
        link_endpoint=link,
        number=case.number,
        service_title=kinds.of(case).title(case, case.language),
        **context,
    )


def received(case, follow_token=None):
    """The receipt: the case's number, who handles it and by when, with a link to follow it
    (on Mina sidor, or the secret follow link of an applicant without an account).

    It goes whatever e-mail the resident chose: the receipt is always sent.
    """
    to = address(case)
    if not to:
        return None
    link = (
        ("follow.case", {"token": follow_token})
        if follow_token
        else ("mypages.case", {"number": case.number})
    )
    with force_locale(case.language):
        unit_name = localized(case.unit, "name")
    return queue_email(
        to=to,
        template="case_receipt",
        language=case.language,
        link_endpoint=link,
        number=case.number,
        service_title=kinds.of(case).title(case, case.language),
        unit_name=unit_name,
        processing_days=(case.due_at - case.submitted_at).days,
    )


def status_changed(case):
    """Tell the resident the case moved on; a decision has an e-mail of its own."""
    if case.status == workflow.DECIDED:
        return _send(case, STATUS, "case_decided", decision=labels.DECISIONS[case.decision])
    if case.status in (workflow.IN_PROGRESS, workflow.CLOSED):
        return _send(case, STATUS, "case_status", status=labels.STATUSES[case.status])
    return None


def message_sent(case):
    """Tell the resident there is a message for them."""
    return _send(case, MESSAGES, "case_message")


def completion_requested(case):
    """Ask the resident to complete the case."""
    return _send(case, MESSAGES, "case_completion_request")


def reply_received(case):
    """Tell the case's handler, or else the unit's mailbox, that the resident answered."""
    to = case.assignee.login_email if case.assignee else case.unit.email
    if not to:
        return None
    return queue_email(
        to=to,
        template="case_reply_staff",
        language="sv",
        link_endpoint=("casework.case", {"number": case.number}),
        number=case.number,
    )
