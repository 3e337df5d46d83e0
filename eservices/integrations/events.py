"""Every change of a case that the case API shows becomes an event, numbered per case and
queued for the webhook of each unit that should hear of it.

The case domain calls in as it writes each timeline entry, inside the transaction of the
change (cases.services.on_event): an event exists exactly when its change does, never one
without the other. What becomes an event is what the case document shows; handlers' notes
and who handles the case stay inside. The catalogue with each event's JSON is in
docs/integrations.md.
"""

from sqlalchemy.dialects import postgresql, sqlite

from eservices.attachments import services as attachments
from eservices.cases import workflow
from eservices.cases.services import on_event
from eservices.extensions import db
from eservices.integrations.documents import decision_document, message_document, unit_document
from eservices.integrations.models import CaseSequence, WebhookDelivery
from eservices.organisation.models import Unit

CREATED = "case.created"
STATUS_CHANGED = "case.status_changed"
DECIDED = "case.decided"
TRANSFERRED = "case.transferred"
MESSAGE_SENT = "case.message_sent"
COMPLETION_REQUESTED = "case.completion_requested"
REPLY_RECEIVED = "case.reply_received"

# The timeline entries that become events (a move to "decided" becomes DECIDED).
FROM_TIMELINE = {
    "received": CREATED,
    "status_changed": STATUS_CHANGED,
    "transferred": TRANSFERRED,
    "message_sent": MESSAGE_SENT,
    "completion_requested": COMPLETION_REQUESTED,
    "reply_received": REPLY_RECEIVED,
}


@on_event
def queue(case, entry, subject):
    """Number the event of this timeline entry, if it is one, and queue it for the webhooks
    of the units that hear of it; in the caller's transaction."""
    event = FROM_TIMELINE.get(entry.kind)
    if event is None:
        return
    if event == STATUS_CHANGED and entry.details.get("to") == workflow.DECIDED:
        event = DECIDED
    # The change's own rows first, so that every change takes its locks in one order: the
    # case's row, then its sequence.
    db.session.flush()
    sequence = next_sequence(case.id)
    payload = _payload(case, event, entry, subject)
    for unit, includes_case in _receivers(case, event, subject):
        if unit.webhook_url:
            db.session.add(
                WebhookDelivery(
                    case_id=case.id,
                    unit_id=unit.id,
                    event=event,
                    sequence=sequence,
                    payload=payload,
                    includes_case=includes_case,
                )
            )


def next_sequence(case_id):
    """Reserve the case's next event number in the caller's transaction.

    One upsert, which the database serialises: a concurrent change waits for this one to
    commit or roll back, then counts on from what it left.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(CaseSequence)
        .values(case_id=case_id, last_sequence=1)
        .on_conflict_do_update(
            index_elements=[CaseSequence.case_id],
            set_={"last_sequence": CaseSequence.last_sequence + 1},
        )
        .returning(CaseSequence.last_sequence)
    )
    return db.session.execute(statement).scalar_one()


def _receivers(case, event, subject):
    """[(unit, whether its body carries the case document)]: the case's unit, and for a
    transfer both units; the unit that gets the case hears of it in full."""
    unit = db.session.get(Unit, case.unit_id)
    if event == TRANSFERRED:
        return [(subject, False), (unit, True)]
    return [(unit, event == CREATED)]


def _payload(case, event, entry, subject):
    """What the event says besides the case document, as it is now."""
    if event in (STATUS_CHANGED, DECIDED):
        payload = {"status": {"from": entry.details.get("from"), "to": entry.details.get("to")}}
        if event == DECIDED:
            payload["decision"] = decision_document(case)
        return payload
    if event == TRANSFERRED:
        to = db.session.get(Unit, case.unit_id)
        return {
            "transfer": {
                "from_unit": unit_document(subject),
                "to_unit": unit_document(to),
                "reason": entry.details.get("reason"),
            }
        }
    if event in (MESSAGE_SENT, COMPLETION_REQUESTED, REPLY_RECEIVED):
        return {"message": message_document(case, subject, attachments.of_case(case))}
    return {}
