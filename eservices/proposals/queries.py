"""Finding proposals for the public lists, the feed, Mina förslag and a proposal's history.

Lists sort and show supports from ``Proposal.support_count``: they never count support
rows, so a proposal with a flood of supports slows no list.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from eservices.database import utcnow
from eservices.extensions import db
from eservices.moderation import reports
from eservices.moderation import services as moderation
from eservices.proposals import search
from eservices.proposals.models import (
    ANSWERED,
    CLOSED,
    FORWARDED,
    PRIVATE,
    PUBLISHED,
    REJECTED,
    Proposal,
)
from eservices.proposals.services import KIND

PER_PAGE = 20
COUNT_SECONDS = 30
# Public list filters, in the words of the address bar.
STATUS_FILTERS = {
    "oppna": (PUBLISHED,),
    "hos-namnden": (FORWARDED,),
    "besvarade": (ANSWERED,),
    "avslutade": (CLOSED,),
    "avvisade": (REJECTED,),
}
SORTS = ("nyaste", "mest-stod", "slutar-snart")
MAX_QUERY = 200


@dataclass(frozen=True)
class Filters:
    """What the visitor asked the list for; unknown values are ignored, not errors."""

    category: str = ""
    area: str = ""
    status: str = ""
    query: str = ""
    sort: str = "nyaste"

    @classmethod
    def from_args(cls, args, known_categories, known_areas):
        """Read the query string, keeping only values the list knows."""

        def known(value, allowed):
            return value if value in allowed else ""

        return cls(
            category=known(args.get("kategori", ""), known_categories),
            area=known(args.get("omrade", ""), known_areas),
            status=known(args.get("status", ""), STATUS_FILTERS),
            query=" ".join(args.get("q", "").split())[:MAX_QUERY],
            sort=args.get("sortering") if args.get("sortering") in SORTS else "nyaste",
        )

    def args(self):
        """The filters as query-string arguments, for links to other pages of the list."""
        values = {
            "kategori": self.category,
            "omrade": self.area,
            "status": self.status,
            "q": self.query,
            "sortering": "" if self.sort == "nyaste" else self.sort,
        }
        return {key: value for key, value in values.items() if value}


def public_query(filters: Filters):
    """The SELECT behind the public list."""
    if filters.status:
        query = select(Proposal).where(Proposal.status.in_(STATUS_FILTERS[filters.status]))
    else:
        # "Not private" rather than "one of the public": a planner then reads the order's
        # index and stops after a page, instead of sorting every public proposal.
        query = select(Proposal).where(Proposal.status.not_in(PRIVATE))
    if filters.category:
        query = query.where(Proposal.category == filters.category)
    if filters.area:
        query = query.where(Proposal.area == filters.area)
    if filters.query:
        query = query.where(search.matching(filters.query))
    # Each order is one indexed column, ties by id: read in index order, never sorted.
    if filters.sort == "mest-stod":
        order = (Proposal.support_count.desc(), Proposal.id.desc())
    elif filters.sort == "slutar-snart":
        # Only open ones end: the list shows those, the soonest first.
        query = query.where(Proposal.status == PUBLISHED) if not filters.status else query
        order = (Proposal.closes_at.asc(), Proposal.id.asc())
    else:
        # Every public proposal was decided (published or rejected) at decided_at.
        order = (Proposal.decided_at.desc(), Proposal.id.desc())
    return query.order_by(*order)


def public_list(filters: Filters, page=1):
    """A page of public proposals, and the ids among them hidden by reports."""
    query = public_query(filters)
    result = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False, count=False)
    result.total = _total(query, filters)
    hidden = reports.hidden_ids(KIND, [str(p.id) for p in result.items])
    return result, hidden


def _total(query, filters):
    """How many proposals the list has, counted over ids alone (which an index answers).

    Counting every public proposal on each view costs as much as the rest of the page at
    100k proposals, and the number moves a few times a day: a list's count is kept for
    COUNT_SECONDS per app and filter. A search is always counted, as it is asked.
    """
    counts = current_app.extensions.setdefault("proposal_list_counts", {})
    key = (filters.category, filters.area, filters.status)
    now = time.monotonic()
    if not filters.query and key in counts and now - counts[key][1] < COUNT_SECONDS:
        return counts[key][0]
    total = db.session.scalar(
        select(func.count()).select_from(
            query.with_only_columns(Proposal.id).order_by(None).subquery()
        )
    )
    if not filters.query:
        counts[key] = (total, now)
    return total


def latest_published(limit=30):
    """The newest published proposals, for the Atom feed; none hidden by reports."""
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.status.not_in((*PRIVATE, REJECTED)))
        .order_by(Proposal.decided_at.desc(), Proposal.id.desc())
        .limit(limit)
    ).all()
    hidden = reports.hidden_ids(KIND, [str(p.id) for p in proposals])
    return [p for p in proposals if str(p.id) not in hidden]


def of_author(user):
    """Every proposal ``user`` wrote, newest first."""
    return db.session.scalars(
        select(Proposal)
        .where(Proposal.proposer_id == user.id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    ).all()


def days_left(proposal, now=None):
    """Whole days until the support period ends (0 on the last day), or None when closed."""
    if proposal.status != PUBLISHED or proposal.closes_at is None:
        return None
    remaining = proposal.closes_at - (now or utcnow())
    return max(0, remaining.days)


@dataclass(frozen=True)
class Event:
    """One step in a proposal's public history."""

    code: str
    at: datetime


def history(proposal):
    """The public steps of a proposal, oldest first: published, forwarded, answered, closed.

    Columns added beside this model later (``forwarded_at``, ``answered_at``) show up here
    as soon as they exist.
    """
    steps = [
        ("published", proposal.published_at),
        ("forwarded", getattr(proposal.forwarding, "forwarded_at", None)),
        ("answered", getattr(proposal.forwarding, "answered_at", None)),
        ("closed", proposal.closed_at),
    ]
    return [Event(code, at) for code, at in steps if at is not None]


def moderation_rounds(proposal):
    """Every round in the moderation queue, for the author's and moderators' eyes."""
    return moderation.history(KIND, proposal.id)
