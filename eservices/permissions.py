"""Roles, the named permissions they grant, and the decorators every view must carry.

Every route is either marked @public or protected by @requires(permission); a test walks the
URL map and fails on any view that is neither.
"""

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

RESIDENT = "resident"

# Staff roles, in the order administrators see them.
ROLES = {
    "handler": _l("Case handler"),
    "moderator": _l("Moderator"),
    "committee_secretary": _l("Committee secretary"),
    "citizen_office": _l("Citizen office"),
    "election_admin": _l("Election administrator"),
    "school_contact": _l("School contact"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}

ROLE_PERMISSIONS = {
    RESIDENT: {"use_my_pages", "write_proposals", "support_proposals", "comment_proposals"},
    "handler": {"staff", "handle_cases", "register_cases"},
    "moderator": {"staff", "moderate_proposals"},
    # A committee's cases (forwarded proposals) wait in its queue like any unit's.
    "committee_secretary": {"staff", "answer_proposals", "handle_cases"},
    # Citizen offices register paper supports and proposals for residents who come in.
    "citizen_office": {"staff", "register_proposals"},
    "election_admin": {"staff", "administer_election"},
    "school_contact": {"staff", "assist_voters"},
    "manager": {"staff", "view_statistics"},
    "admin": {"staff", "manage_staff", "manage_organisation", "view_audit_log", "view_statistics"},
}

PERMISSIONS = frozenset().union(*ROLE_PERMISSIONS.values())
PUBLIC = "public"
# Logged in as anyone at all (resident or staff): log out, for example.
AUTHENTICATED = "authenticated"
# A back-end system with a unit's API token (see integrations.api.api_client_required).
API_CLIENT = "api_client"


def permissions_for(roles):
    """The set of permissions that the given role names grant together."""
    granted = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, set())
    return granted


def public(view):
    """Mark a view as open to everyone, including anonymous visitors."""
    view.access = PUBLIC
    return view


def requires(permission):
    """Protect a view: anonymous visitors go to log in, others without `permission` get 403."""
    if permission != AUTHENTICATED and permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            refusal = _refusal(permission)
            return view(*args, **kwargs) if refusal is None else refusal

        wrapped.access = permission
        return wrapped

    return decorator


# The rule itself lives outside the decorator's closure, where mutation testing reaches it.
def _refusal(permission):
    """None when the current user may go on; else the way to log in (or a 403)."""
    if not current_user.is_authenticated:
        return redirect(_login_url_for(permission))
    if permission != AUTHENTICATED and not current_user.can(permission):
        abort(403)
    return None


def _login_url_for(permission):
    next_url = request.full_path if request.query_string else request.path
    if permission in ROLE_PERMISSIONS[RESIDENT]:
        return url_for("accounts.login", next=next_url)
    return url_for("accounts.staff_login", next=next_url)
