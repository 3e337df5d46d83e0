"""A case as structured JSON for back-end systems: the same document in the API and webhooks.

Answers are typed as the form engine stores them (see forms/README.md); a file answer is a
list of attachment ids, described under "attachments" with a download link. The messages
are those between the municipality and the resident; handlers' internal notes are not
part of the document. ``sequence`` is the number of the case's latest event that the
document already reflects (see docs/integrations.md).
"""

from sqlalchemy import select

from eservices.accounts.services import reveal_personnummer
from eservices.attachments import services as attachments
from eservices.cases import kinds
from eservices.cases.messages import thread
from eservices.cases.models import Case
from eservices.extensions import db
from eservices.integrations.models import CaseSequence
from eservices.security import public_url

SCHEMA_VERSION = 1


def case_document(case, sequence=None):
    """The case as a JSON-ready dict; ``sequence`` as read by sequences(), or read now."""
    if sequence is None:
        sequence = sequences([case])[case.id]
    files = attachments.of_case(case)
    own = kinds.of(case).document(case)
    return {
        "schema_version": SCHEMA_VERSION,
        "number": case.number,
        "url": public_url("cases_api.case", number=case.number),
        "sequence": sequence,
        "service": own.get("service"),
        "unit": unit_document(case.unit),
        "status": case.status,
        "channel": case.channel,
        "submitted_at": case.submitted_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "decision": decision_document(case),
        "closed_at": _time(case.closed_at),
        "applicant": _applicant(case),
        "fields": own.get("fields", []),
        "answers": case.answers,
        "attachments": [_attachment(case, file) for file in files.values()],
        "messages": [
            message_document(case, message, files) for message in thread(case, internal=False)
        ],
    }


def sequences(cases):
    """{case id: its latest event's number}, reloading the cases in the same statement.

    One statement sees one state of the database: the case as reloaded reflects at least
    the events counted, so a document never claims an event whose change it lacks.
    """
    rows = db.session.execute(
        select(Case, CaseSequence.last_sequence)
        .outerjoin(CaseSequence, CaseSequence.case_id == Case.id)
        .where(Case.id.in_([case.id for case in cases]))
        .execution_options(populate_existing=True)
    )
    return {case.id: sequence or 0 for case, sequence in rows}


def unit_document(unit):
    """A unit as back-end systems know it."""
    return {"slug": unit.slug, "name": unit.name_sv}


def decision_document(case):
    """The decision, or None before there is one."""
    if case.decision is None:
        return None
    return {
        "outcome": case.decision,
        "text": case.decision_text,
        "decided_at": _time(case.decided_at),
    }


def message_document(case, message, files):
    """A message to the resident, a completion request or the resident's reply, with its
    files (``files``: the case's attachments by public id)."""
    return {
        "id": message.id,
        "kind": message.kind,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "reply_to": message.reply_to_id,
        "attachments": [
            _attachment(case, file) for file in files.values() if file.message_id == message.id
        ],
    }


def _time(moment):
    return moment.isoformat() if moment is not None else None


def _applicant(case):
    person = case.applicant
    if person is None:
        # Anonymous, or registered by staff: what is known is in the answers.
        return {"type": "anonymous" if case.registered_by_id is None else "registered_by_staff"}
    return {
        "type": "resident",
        "personnummer": reveal_personnummer(person),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email,
        "phone": person.phone,
    }


def _attachment(case, file):
    return {
        "id": file.public_id,
        "field": file.field_id,
        "filename": file.filename,
        "content_type": file.content_type,
        "size": file.size,
        "sha256": file.sha256,
        "scan_status": file.scan_status,
        "download_url": public_url(
            "cases_api.attachment", number=case.number, public_id=file.public_id
        ),
    }
