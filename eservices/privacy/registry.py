"""What each capability holds about a person, for their data download and for removing
their account.

privacy/ knows the account itself (details, log-ins, what the person did). Everything else
is registered by the package that holds it: cases their cases, submissions their drafts,
and so on, so that a new capability plugs in without changing privacy/:

    privacy.register("proposals", collect=proposals_of, remove=unlink_proposals)

and adds `templates/privacy/_proposals.html` to show its part on the "Your data" page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Removed:
    """What removing the account did to one holding."""

    # Added to the "account.removed" audit entry, e.g. {"cases": ["2026-000123"]}.
    details: dict = field(default_factory=dict)
    # Keys of stored files to delete once the removal is committed.
    files: list = field(default_factory=list)


@dataclass(frozen=True)
class Holding:
    """One kind of thing a capability holds about a person."""

    # The key in the data download, and the page's partial `privacy/_<name>.html`.
    name: str
    # collect(user, language): a list of plain dicts, oldest first (datetimes in UTC).
    collect: Callable
    # remove(user) -> Removed, in the removal's transaction; None: nothing to do.
    remove: Callable | None = None


_holdings = {}
# What the person did, by audit action, in their words: {"case.submitted": "Case sent"}.
_activities = {}


def register(name, *, collect, remove=None, activities=None):
    """Register what a capability holds about a person under ``name``, and the names of
    the audit actions by which the person used it."""
    _holdings[name] = Holding(name, collect, remove)
    _activities.update(activities or {})


def activity_label(action):
    """A registered name for what the person did, or None."""
    return _activities.get(action)


def holdings():
    """Every registered holding, by name (the order of the download and the page)."""
    return [_holdings[name] for name in sorted(_holdings)]
