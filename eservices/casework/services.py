"""The handler's queue, and what a handler can do to a case now.

How a handler's step changes a case is in eservices.cases (handling, messages).
"""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer, selectinload

from eservices.accounts.models import User
from eservices.cases import handling, workflow
from eservices.cases.access import unit_ids
from eservices.cases.models import Case
from eservices.database import utcnow
from eservices.extensions import db

# The queue's views: a name, and the condition on the case it shows.
VIEWS = ("unassigned", "mine", "open", "awaiting", "overdue", "closed")
SORTS = {
    "due": (Case.due_at, Case.id),
    "-due": (Case.due_at.desc(), Case.id.desc()),
    "received": (Case.submitted_at, Case.id),
    "-received": (Case.submitted_at.desc(), Case.id.desc()),
}


def queue(
    user,
    *,
    # Any name that is not a view shows the open cases, any unknown sort the soonest due:
    # these two defaults say what the default is, and nothing changes if they are misspelt.
    view="open",  # pragma: no mutate
    service=None,
    status=None,
    query=None,
    since=None,
    until=None,
    sort="due",  # pragma: no mutate
    page=1,
    per_page=25,
    now=None,
):
    """A page of the cases in ``user``'s units for one view, filtered and sorted."""
    now = now or utcnow()
    statement = select(Case).where(Case.unit_id.in_(unit_ids(user)))
    statement = statement.where(_view_condition(view, user, now))
    if service:
        statement = statement.where(Case.service_id == service)
    if status in workflow.STATUSES:
        statement = statement.where(Case.status == status)
    if since:
        statement = statement.where(Case.submitted_at >= since)
    if until:
        statement = statement.where(Case.submitted_at < until)
    if query:
        statement = statement.outerjoin(User, User.id == Case.applicant_id)
        statement = statement.where(_search_condition(query.strip()))
    # The answers are decrypted for the summary line; the decision text, not shown, is not.
    statement = statement.options(
        selectinload(Case.assignee),
        defer(Case.decision_text),  # pragma: no mutate (it only saves decrypting)
    )
    statement = statement.order_by(*SORTS.get(sort, SORTS["due"]))
    return db.paginate(
        statement,
        page=page,
        per_page=per_page,
        error_out=False,  # pragma: no mutate (None is as false: a page past the end is empty)
    )


def view_counts(user, now=None):
    """How many cases each view holds, for the tabs.

    Every view but "closed" is a part of the open cases, which stay few however many closed
    cases pile up behind them; the closed ones are counted from the index alone.
    """
    now = now or utcnow()
    in_units = Case.unit_id.in_(unit_ids(user))
    open_views = [view for view in VIEWS if view != "closed"]
    counts = select(
        *(func.count().filter(_view_condition(view, user, now)).label(view) for view in open_views)
    ).where(
        in_units,
        # Each open view's condition holds this already; said here, the index finds the rows.
        Case.status.in_(workflow.OPEN_STATUSES),  # pragma: no mutate
    )
    result = dict(db.session.execute(counts).one()._mapping)
    result["closed"] = db.session.scalar(
        select(func.count()).where(in_units, _view_condition("closed", user, now))
    )
    return result


def _view_condition(view, user, now):
    open_ = Case.status.in_(workflow.OPEN_STATUSES)
    if view == "unassigned":
        return open_ & Case.assignee_id.is_(None)
    if view == "mine":
        return open_ & (Case.assignee_id == user.id)
    if view == "awaiting":
        return Case.status == workflow.AWAITING_INFO
    if view == "overdue":
        return open_ & Case.paused_at.is_(None) & (Case.due_at < now)
    if view == "closed":
        return Case.status.in_((workflow.DECIDED, workflow.CLOSED))
    return open_


def _search_condition(text):
    """A part of the case number or of the applicant's name (queue() joins the applicant).

    What LIKE would take as wildcards (``%``, ``_``) are only characters here."""
    name = func.lower(User.given_name + " " + User.family_name)
    return or_(
        Case.number.contains(text, autoescape=True),
        name.contains(text.lower(), autoescape=True),
    )


@dataclass(frozen=True)
class Actions:
    """What a handler can do to a case now; the case page offers these and nothing else."""

    take: bool = False
    # The statuses the case can be moved to by a button; a decision has its own form.
    moves: tuple[str, ...] = ()
    decide: bool = False
    colleagues: tuple[User, ...] = ()
    units: tuple = ()
    write: bool = False

    def __bool__(self):
        return any((self.take, self.moves, self.decide, self.colleagues, self.units, self.write))


def possible_actions(case, user):
    """The steps the workflow allows on ``case`` now and ``user`` may take.

    A closed case allows none. Asking the resident for more is a completion request (written,
    with what is asked), not a bare status; a decision needs its outcome and text.
    """
    if not user.can("handle_cases") or case.unit_id not in unit_ids(user):
        return Actions()
    following = workflow.next_statuses(case.status)
    moves = tuple(s for s in following if s not in (workflow.AWAITING_INFO, workflow.DECIDED))
    if not case.is_open:
        # Only a case in handling can be decided: a finished one can at most be closed.
        return Actions(moves=moves)
    return Actions(
        take=case.assignee_id is None,
        moves=moves,
        decide=workflow.DECIDED in following,
        colleagues=tuple(u for u in handling.colleagues(case) if u.id != case.assignee_id),
        units=tuple(handling.other_units(case)),
        write=True,
    )
