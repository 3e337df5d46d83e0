"""Which role may do what, both ways: every role against every named permission, and the
pages each permission opens, reached by those who hold it and refused to everyone else.

The table below is written out on purpose rather than read from eservices.permissions:
giving a role a permission, or taking one away, must be a decision that changes a test.
"""

import pytest
from sqlalchemy import select

from eservices.permissions import PERMISSIONS, RESIDENT, ROLES, permissions_for
from eservices.submissions.models import Draft
from tests.conftest import staff_client
from tests.fault_report import post

GRANTED = {
    RESIDENT: {"use_my_pages", "write_proposals", "support_proposals", "comment_proposals"},
    "handler": {"staff", "handle_cases", "register_cases"},
    "moderator": {"staff", "moderate_proposals"},
    "committee_secretary": {"staff", "answer_proposals", "handle_cases"},
    "citizen_office": {"staff", "register_proposals"},
    "election_admin": {"staff", "administer_election"},
    "school_contact": {"staff", "assist_voters"},
    "manager": {"staff", "view_statistics"},
    "admin": {"staff", "manage_staff", "manage_organisation", "view_audit_log", "view_statistics"},
}

# One page behind each permission that has pages today.
PAGES = {
    "use_my_pages": "/mina-sidor/",
    "staff": "/personal/konto",
    "handle_cases": "/handlaggning/",
    "moderate_proposals": "/moderering/",
    "view_statistics": "/statistik/",
    "manage_staff": "/admin/personal",
    "manage_organisation": "/admin/enheter",
    "view_audit_log": "/admin/logg",
    "write_proposals": "/mina-sidor/mina-forslag",
    "register_proposals": "/e-forslag/medborgarkontor/nytt-forslag",
    "administer_election": "/ungdomsval/admin/",
    "assist_voters": "/ungdomsval/skola/",
}


def test_the_table_names_every_role_and_every_permission():
    assert set(GRANTED) == {RESIDENT, *ROLES}
    assert set().union(*GRANTED.values()) == PERMISSIONS


@pytest.mark.parametrize("role", sorted(GRANTED))
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_a_role_grants_exactly_its_permissions(role, permission):
    assert (permission in permissions_for([role])) == (permission in GRANTED[role])


def test_roles_held_together_grant_what_each_grants():
    assert permissions_for(["moderator", "manager"]) == {
        "staff",
        "moderate_proposals",
        "view_statistics",
    }
    assert permissions_for([]) == set()
    assert permissions_for(["no-such-role"]) == set()


@pytest.fixture
def visitor(app, make_staff, make_resident, login_resident, client):
    """visitor(role): a client logged in with that role (a resident through the e-ID)."""

    def log_in(role):
        if role == RESIDENT:
            make_resident()
            login_resident()
            return client
        return staff_client(app, make_staff(role=role))

    return log_in


@pytest.mark.parametrize("role", sorted(GRANTED))
def test_each_role_reaches_the_pages_of_its_permissions_and_no_others(db, visitor, role):
    client = visitor(role)
    for permission, url in PAGES.items():
        status = client.get(url).status_code
        assert status == (200 if permission in GRANTED[role] else 403), (permission, url)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_a_deactivated_staff_member_keeps_no_permission(db, make_staff, role):
    user = make_staff(role=role)
    assert all(user.can(permission) for permission in GRANTED[role])
    user.is_active = False
    assert not any(user.can(permission) for permission in PERMISSIONS)


def test_a_manager_cannot_reach_staff_administration(app, db, make_staff):
    client = staff_client(app, make_staff(role="manager"))
    assert client.get("/admin/personal").status_code == 403
    assert client.get("/admin/personal/ny").status_code == 403
    assert client.get("/statistik/").status_code == 200


def test_a_resident_cannot_reach_the_units(db, visitor):
    client = visitor(RESIDENT)
    assert client.get("/admin/enheter").status_code == 403
    assert client.get("/admin/enheter/ny").status_code == 403


def test_an_administrator_still_reaches_their_own_account(app, db, make_staff):
    client = staff_client(app, make_staff(role="admin"))
    page = client.get("/personal/konto")
    assert page.status_code == 200
    assert "<h1>Mitt konto</h1>" in page.text


@pytest.mark.parametrize("role, registers", [("handler", True), ("moderator", False)])
def test_only_a_role_that_registers_cases_is_offered_and_given_a_channel(
    app, db, make_staff, units, role, registers
):
    client = staff_client(app, make_staff(role=role, units=[units["felanmalan"]]))
    service_page = client.get("/e-tjanster/felanmalan").text
    assert ("Hur kom det in?" in service_page) == registers
    post(client, "/e-tjanster/felanmalan/ansok", {"channel": "phone"})
    assert db.session.scalar(select(Draft.channel)) == ("phone" if registers else None)
