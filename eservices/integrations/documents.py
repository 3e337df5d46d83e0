"""A case as structured JSON for back-end systems: the same document in the API and webhooks.

Answers are typed as the form engine stores them (see forms/README.md); a file answer is a
list of attachment ids, described under "attachments" with a download link.
"""

from eservices.accounts.services import reveal_personnummer
from eservices.attachments import services as attachments
from eservices.catalogue.loading import get_catalogue
from eservices.notifications.services import absolute_url

SCHEMA_VERSION = 1


def case_document(case):
    """The case as a JSON-ready dict."""
    service = get_catalogue().get(case.service_id)
    files = attachments.of_case(case)
    return {
        "schema_version": SCHEMA_VERSION,
        "number": case.number,
        "url": absolute_url("cases_api.case", number=case.number),
        "service": {
            "id": case.service_id,
            "version": case.service_version,
            "title": service.title.sv if service else None,
        },
        "unit": {"slug": case.unit.slug, "name": case.unit.name_sv},
        "status": case.status,
        "channel": case.channel,
        "submitted_at": case.submitted_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "applicant": _applicant(case),
        "fields": _fields(service, case.answers),
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


def _fields(service, answers):
    if service is None:
        return []
    return [
        {"id": field.id, "type": field.type, "label": field.label.sv if field.label else None}
        for field in service.fields()
        if field.id in answers
    ]


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
