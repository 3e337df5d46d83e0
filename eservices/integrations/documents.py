"""A case as structured JSON for back-end systems: the same document in the API and webhooks.

Answers are typed as the form engine stores them (see forms/README.md); a file answer is a
list of attachment ids, described under "attachments" with a download link.
"""

from eservices.accounts.services import reveal_personnummer
from eservices.attachments import services as attachments
from eservices.cases import kinds
from eservices.notifications.services import absolute_url

SCHEMA_VERSION = 1


def case_document(case):
    """The case as a JSON-ready dict."""
    files = attachments.of_case(case)
    own = kinds.of(case).document(case)
    return {
        "schema_version": SCHEMA_VERSION,
        "number": case.number,
        "url": absolute_url("cases_api.case", number=case.number),
        "service": own.get("service"),
        "unit": {"slug": case.unit.slug, "name": case.unit.name_sv},
        "status": case.status,
        "channel": case.channel,
        "submitted_at": case.submitted_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "applicant": _applicant(case),
        "fields": own.get("fields", []),
        "answers": case.answers,
        "attachments": [_attachment(case, file) for file in files.values()],
    }


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
        "download_url": absolute_url(
            "cases_api.attachment", number=case.number, public_id=file.public_id
        ),
    }
