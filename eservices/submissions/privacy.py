"""What the form engine holds about a resident: their unsent drafts, for the data download;
removing the account deletes them with their files."""

from sqlalchemy import delete, select

from eservices.attachments import services as attachments
from eservices.attachments.models import Attachment
from eservices.catalogue.loading import get_catalogue
from eservices.extensions import db
from eservices.privacy import registry
from eservices.submissions.cases import answer_rows
from eservices.submissions.models import Draft


def drafts_of(user, language):
    """The resident's drafts, oldest first: answers, files and what was typed but not saved."""
    drafts = db.session.scalars(
        select(Draft).where(Draft.user_id == user.id).order_by(Draft.created_at, Draft.id)
    )
    return [_draft(draft, language) for draft in drafts]


def _draft(draft, language):
    service = get_catalogue().get(draft.service_id)
    files = attachments.of_draft(draft)
    return {
        "service": {
            "id": draft.service_id,
            "title": service.title.get(language) if service else draft.service_id,
        },
        "started_at": draft.created_at,
        "saved_at": draft.updated_at,
        "expires_at": draft.expires_at,
        "answers": answer_rows(service, draft.answers, files, language),
        "attachments": attachments.exported(files),
        "unsaved_input": _typed(service, draft.typed, language),
    }


def _typed(service, typed, language):
    """What was typed on steps that were not saved yet, by field, as it was typed."""
    labels = (
        {field.id: field.label.get(language) for field in service.fields() if field.label}
        if service
        else {}
    )
    return [
        {
            "field": key,
            # Compound fields send "location__description": the field is the first part.
            "label": labels.get(key.split("__", 1)[0], key),
            "value": values,
        }
        for step in (typed or {}).values()
        for key, values in step.items()
        if any(value for value in values)
    ]


def delete_drafts(user):
    """Delete the resident's drafts; their files leave the store once this is committed."""
    drafts = select(Draft.id).where(Draft.user_id == user.id)
    files = list(
        db.session.scalars(select(Attachment.storage_key).where(Attachment.draft_id.in_(drafts)))
    )
    # The drafts' attachment rows go with them (ON DELETE CASCADE).
    db.session.execute(delete(Draft).where(Draft.user_id == user.id))
    return registry.Removed(files=files)


registry.register("drafts", collect=drafts_of, remove=delete_drafts)
