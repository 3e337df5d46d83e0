"""Writing a proposal and sending it in: drafts, the monthly limit, and the one loader.

A resident writes a draft, sees open proposals like it, previews it, accepts the rules and
sends it in; it then waits in the moderation queue (``moderation.py`` holds what happens on
each decision). After "request changes" it is editable again and is sent in anew.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask import abort
from sqlalchemy import func, select

from eservices.attachments import storage
from eservices.audit import services as audit
from eservices.database import start_of_day, transaction, utcnow
from eservices.extensions import db
from eservices.moderation import services as moderation
from eservices.moderation.rulebook import get_rulebook
from eservices.moderation.similarity import similar
from eservices.parsers import today_in_sweden
from eservices.proposals.models import (
    CHANGES_REQUESTED,
    DRAFT,
    PUBLISHED,
    SUBMITTED,
    Proposal,
)

KIND = "proposal"  # the moderation kind and the audit object type
MODERATE = "moderate_proposals"


class ProposalError(Exception):
    """A step that cannot be taken; ``code`` says which rule stopped it."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


# --- Loading ------------------------------------------------------------------------------


def may_moderate(user):
    """``user`` is a moderator."""
    return bool(user.is_authenticated and user.can(MODERATE))


def may_see(proposal, user):
    """Everyone sees a public proposal; its author and moderators see it at every stage."""
    if proposal.is_public:
        return True
    return is_author(proposal, user) or may_moderate(user)


def is_author(proposal, user):
    """``user`` wrote ``proposal``."""
    return bool(user.is_authenticated and proposal.proposer_id == user.id)


def get_proposal_or_404(proposal_id, *, for_user, edit=False):
    """The proposal with this id as ``for_user`` may have it; 404 for anyone else.

    With ``edit``, only its author gets it, and only while it can be changed; anyone who
    may see it but not change it gets 403.
    """
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not may_see(proposal, for_user):
        abort(404)
    if edit and not (is_author(proposal, for_user) and proposal.is_editable):
        abort(403)
    return proposal


# --- Writing ------------------------------------------------------------------------------


def may_propose(user):
    """Only residents identified by e-ID propose: not staff, not organisations."""
    return bool(user.is_authenticated and user.is_resident and user.is_active)


def slugify(title):
    """A short, readable address part from a title: "Fler bänkar!" -> "fler-bankar"."""
    plain = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].rstrip("-") or "forslag"


def save_draft(proposal, author, *, title, body, category, area, image=None, image_alt=None):
    """Create (proposal=None) or change a draft; returns it.

    ``image`` is (data, content type) already checked by content, or None to keep the
    one there; ``image_alt`` describes it for those who cannot see it.
    """
    if not may_propose(author):
        raise ProposalError("not_resident")
    if proposal is not None and not proposal.is_editable:
        raise ProposalError("not_editable")
    old_key = None
    with transaction():
        created = proposal is None
        if created:
            proposal = Proposal(proposer_id=author.id, status=DRAFT)
            db.session.add(proposal)
        proposal.title, proposal.body = title, body
        proposal.category, proposal.area = category, area
        proposal.slug = slugify(title)
        proposal.proposer_name = author.full_name
        if image is not None:
            old_key = proposal.image_key
            data, content_type = image
            proposal.image_key = storage.save(data)
            proposal.image_content_type = content_type
        if proposal.image_key:
            proposal.image_alt = image_alt or ""
        db.session.flush()
        audit.record("proposal.created" if created else "proposal.edited", proposal, actor=author)
    if old_key:
        storage.delete(old_key)
    return proposal


def remove_image(proposal, author):
    """Take the image off a proposal that can still be changed."""
    if not (proposal.is_editable and proposal.proposer_id == author.id):
        raise ProposalError("not_editable")
    key = proposal.image_key
    with transaction():
        proposal.image_key = proposal.image_content_type = proposal.image_alt = None
        audit.record("proposal.image_removed", proposal, actor=author)
    if key:
        storage.delete(key)


def delete_draft(proposal, author):
    """Delete a draft that was never sent in, with its image."""
    if proposal.status != DRAFT or proposal.proposer_id != author.id:
        raise ProposalError("not_editable")
    key = proposal.image_key
    with transaction():
        audit.record("proposal.deleted", proposal, actor=author)
        db.session.delete(proposal)
    if key:
        storage.delete(key)


# --- Sending in ---------------------------------------------------------------------------


def month_start(today: date | None = None):
    """The first moment of the current calendar month in Sweden, as UTC."""
    today = today or today_in_sweden()
    return start_of_day(today.replace(day=1))


def sent_this_month(user):
    """How many proposals ``user`` sent in for the first time this calendar month."""
    since = month_start()
    return db.session.scalar(
        select(func.count())
        .select_from(Proposal)
        .where(Proposal.proposer_id == user.id, Proposal.submitted_at >= since)
    )


def monthly_limit():
    """Proposals one person may send in per calendar month (the rulebook's setting)."""
    return get_rulebook().settings.proposals_per_person_per_month


def submit(proposal, author, *, accepted_rules):
    """Send a draft (or a changed proposal) in to the moderation queue.

    The rules must be accepted, and a first sending counts towards the monthly limit; a
    resubmission after "request changes" does not count again.
    """
    if proposal.proposer_id != author.id or not proposal.is_editable:
        raise ProposalError("not_editable")
    if not accepted_rules:
        raise ProposalError("rules_not_accepted")
    first_time = proposal.submitted_at is None
    if first_time and sent_this_month(author) >= monthly_limit():
        raise ProposalError("monthly_limit")
    now = utcnow()
    with transaction():
        resubmitted = proposal.status == CHANGES_REQUESTED
        proposal.status = SUBMITTED
        proposal.rules_accepted_at = now
        proposal.submitted_at = proposal.submitted_at or now
        proposal.proposer_name = author.full_name
        moderation.submit(KIND, proposal.id)
        audit.record(
            "proposal.resubmitted" if resubmitted else "proposal.submitted",
            proposal,
            actor=author,
        )
    return proposal


# --- Similar open proposals ---------------------------------------------------------------


def open_texts():
    """(id, text) of every proposal open for support: what a new one is compared with."""
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.body).where(Proposal.status == PUBLISHED)
    )
    return [(str(id_), f"{title}\n\n{body}") for id_, title, body in rows]


def similar_open(proposal, limit=5):
    """Open proposals that say much the same as ``proposal``, most alike first."""
    matches = similar(
        f"{proposal.title}\n\n{proposal.body}",
        open_texts(),
        exclude=str(proposal.id),
        threshold=get_rulebook().prescreen.similarity,
        limit=limit,
    )
    if not matches:
        return []
    found = {
        str(p.id): p
        for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_([int(m.key) for m in matches]))
        )
    }
    return [found[m.key] for m in matches if m.key in found]
