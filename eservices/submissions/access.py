"""Who may fetch a draft's files: the owner of the draft, by account or by its secret."""

from eservices.attachments import services as attachments
from eservices.crypto import token_hash
from eservices.extensions import db
from eservices.submissions.models import Draft

# The session's anonymous drafts, by service id: the secret that finds each one.
DRAFT_TOKENS = "draft_tokens"


@attachments.download_rule("draft_id")
def _may_fetch_draft_file(attachment, user, session):
    draft = db.session.get(Draft, attachment.draft_id)
    if user.is_authenticated:
        return draft.user_id == user.id
    tokens = session.get(DRAFT_TOKENS, {}).values()
    return draft.user_id is None and draft.token_hash in {token_hash(t) for t in tokens}
