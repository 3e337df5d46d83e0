"""Proposals as a kind of item in the moderation queue, and what each decision does.

Moderation knows no proposals: this module registers the ``proposal`` kind with it (see
moderation/README.md). Each callback runs inside the decision's transaction, after the
decision is audited: it changes the proposal, audits that, and e-mails the proposer.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField

from eservices.audit import services as audit
from eservices.database import utcnow
from eservices.extensions import db
from eservices.forms import choices
from eservices.i18n import current_language
from eservices.moderation.notify import notify_author
from eservices.moderation.registry import Content, Kind
from eservices.moderation.rulebook import get_rulebook
from eservices.organisation.models import COMMITTEE, Unit
from eservices.organisation.services import committees
from eservices.proposals import categories
from eservices.proposals.models import (
    CHANGES_REQUESTED,
    PUBLISHED,
    REJECTED,
    SHOWN_IN_FULL,
    Proposal,
)
from eservices.proposals.services import KIND, open_texts
from eservices.validators import Choice, Required


def load(object_id):
    """The proposal with this id (as text), or None for anything else."""
    if not str(object_id).isdigit():
        return None
    return db.session.get(Proposal, int(object_id))


def _language(language=None):
    # Swedish outside a request: the demo loader and commands screen proposals too.
    return language or (current_language() if has_request_context() else "sv")


def category_name(proposal, language=None):
    """The category's name, or its id when the file no longer has it."""
    found = categories.get().category(proposal.category)
    return found.title.get(_language(language)) if found else proposal.category


def area_name(proposal, language=None):
    """The area's name, or its id when the file no longer has it."""
    found = categories.get().area(proposal.area)
    return found.title.get(_language(language)) if found else proposal.area


def public_path(proposal):
    """The address of the proposal's public page, with or without a request."""
    values = {"proposal_id": proposal.id, "slug": proposal.slug}
    return current_app.url_map.bind("localhost").build("proposals.show", values)


def show(proposal):
    """What the moderator reads, and where the public sees it once it is out."""
    public_url = public_path(proposal) if proposal.status in SHOWN_IN_FULL else None
    facts = [(_l("Category"), category_name(proposal)), (_l("City area"), area_name(proposal))]
    if proposal.image_key:
        facts.append((_l("Image description"), proposal.image_alt or ""))
    return Content(
        title=proposal.title,
        texts=((_l("Proposal"), proposal.body),),
        author=proposal.proposer_name,
        facts=tuple(facts),
        public_url=public_url,
    )


def suggested_committee(proposal):
    """The committee the category names in moderation/categories.yaml, if it exists."""
    found = categories.get().category(proposal.category)
    if found is None or not found.committee:
        return None
    return db.session.scalar(
        select(Unit.id).where(Unit.kind == COMMITTEE, Unit.slug == found.committee, Unit.is_active)
    )


def committee_field(proposal):
    """The approval form's choice of the committee that will answer, suggested first."""
    active = [c for c in committees() if c.is_active]
    language = current_language()
    return SelectField(
        _l("Committee that answers the proposal"),
        choices=choices(
            [("", _l("Choose a committee"))]
            + [
                (str(c.id), c.name_en if language == "en" and c.name_en else c.name_sv)
                for c in active
            ]
        ),
        default=str(suggested_committee(proposal) or ""),
        validators=[Required(), Choice()],
        validate_choice=False,
        description=_l(
            "Suggested from the proposal's category. Change it if another fits better."
        ),
    )


def _tell(proposal, decision):
    notify_author(
        decision,
        to=proposal.proposer.email if proposal.proposer else None,
        title=proposal.title,
        link_endpoint=("proposals.show", {"proposal_id": proposal.id, "slug": proposal.slug}),
    )


def publish(proposal, decision):
    """Approved: open for support from now, for the rulebook's number of days."""
    now = utcnow()
    committee = db.session.get(Unit, int(decision.extra)) if decision.extra else None
    if committee is None or committee.kind != COMMITTEE:
        raise ValueError("an approved proposal needs a committee")
    proposal.status, proposal.rule_ids = PUBLISHED, []
    proposal.committee_id = committee.id
    proposal.decided_at = proposal.published_at = now
    proposal.closes_at = now + timedelta(days=get_rulebook().settings.support_days)
    audit.record(
        "proposal.published", proposal, actor=decision.moderator, committee=committee.slug
    )
    _tell(proposal, decision)


def _rejected(action):
    def callback(proposal, decision):
        proposal.status, proposal.decided_at = REJECTED, utcnow()
        proposal.rule_ids = [rule.id for rule in decision.rules]
        audit.record(action, proposal, actor=decision.moderator, rules=proposal.rule_ids)
        _tell(proposal, decision)

    return callback


# Rejected, or a reported proposal taken down: either way it stays rejected, and its public
# page shows the rules it breaks.
reject = _rejected("proposal.rejected")
take_down = _rejected("proposal.removed")


def send_back(proposal, decision):
    """Changes requested: the proposer edits it and sends it in again."""
    proposal.status, proposal.decided_at = CHANGES_REQUESTED, utcnow()
    audit.record("proposal.changes_requested", proposal, actor=decision.moderator)
    _tell(proposal, decision)


PROPOSAL_KIND = Kind(
    name=KIND,
    label=_l("Proposal"),
    load=load,
    show=show,
    on_approve=publish,
    on_reject=reject,
    on_request_changes=send_back,
    on_remove=take_down,
    open_items=open_texts,
    approve_field=committee_field,
)
