"""Administrators manage staff, units and committees; everyone else is kept out."""

import pytest
from sqlalchemy import select

from eservices.accounts.models import User
from eservices.audit.models import AuditEvent
from eservices.notifications import services as mail
from eservices.notifications.models import OutboxMessage
from eservices.organisation.models import COMMITTEE, Unit
from tests.conftest import PASSWORD, post_form, staff_client

ADMIN_PAGES = [
    "/admin/",
    "/admin/personal",
    "/admin/personal/ny",
    "/admin/enheter",
    "/admin/enheter/ny",
    "/admin/namnder",
    "/admin/namnder/ny",
    "/admin/logg",
]


@pytest.mark.parametrize(
    "role", ["handler", "moderator", "committee_secretary", "election_admin", "school_contact"]
)
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_only_administrators_reach_admin_pages(client, make_staff, login_staff, role, url):
    login_staff(make_staff(role=role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_administrators_see_every_admin_page(make_staff, login_staff, page, url):
    login_staff(make_staff(role="admin"))
    page(url)


def test_forbidden_page_explains_itself(client, make_staff, login_staff):
    login_staff(make_staff(role="handler"))
    response = client.get("/admin/personal")
    assert response.status_code == 403
    assert "behörighet" in response.text


def test_admin_creates_a_staff_account_who_sets_a_password_by_invitation(
    app, client, db, make_staff, login_staff, make_unit
):
    unit = make_unit()
    login_staff(make_staff(role="admin"))
    response = post_form(
        client,
        "/admin/personal/ny",
        {
            "given_name": "Hanna",
            "family_name": "Handläggare",
            "email": "Hanna@Example.se",
            "roles": ["handler"],
            "units": [str(unit.id)],
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.login_email == "hanna@example.se"))
    assert user.role_names == {"handler"}
    assert [u.slug for u in user.units] == ["park-och-natur"]
    assert user.password_hash is None

    message = db.session.scalar(select(OutboxMessage))
    link = next(
        line for line in mail.text_of(message).splitlines() if "/personal/satt-losenord/" in line
    )
    path = link[link.index("/personal/satt-losenord/") :]
    newcomer = app.test_client()
    weak = post_form(newcomer, path, {"password": "sommar2024", "confirm": "sommar2024"})
    assert 'id="password-error"' in weak.text
    done = post_form(
        newcomer, path, {"password": "tre ord som minns", "confirm": "tre ord som minns"}
    )
    assert done.status_code == 302
    assert newcomer.get(path).status_code == 404  # the link works only once
    ok = post_form(
        newcomer,
        "/personal/logga-in",
        {"email": "hanna@example.se", "password": "tre ord som minns"},
    )
    assert ok.headers["Location"] == "/personal"


def test_role_changes_are_audited(client, db, make_staff, login_staff):
    admin = make_staff(role="admin")
    target = make_staff(role="handler")
    login_staff(admin)
    response = post_form(
        client,
        f"/admin/personal/{target.id}",
        {
            "given_name": "Test",
            "family_name": "Person",
            "email": target.login_email,
            "roles": ["moderator"],
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action.in_(["role.granted", "role.revoked"]))
        .where(AuditEvent.object_id == str(target.id))
    ).all()
    recorded = {(e.action, e.details["role"], e.actor_id) for e in events}
    assert ("role.revoked", "handler", admin.id) in recorded
    assert ("role.granted", "moderator", admin.id) in recorded


def test_the_last_administrator_cannot_remove_their_own_role(client, db, make_staff, login_staff):
    admin = make_staff(role="admin")
    login_staff(admin)
    response = post_form(
        client,
        f"/admin/personal/{admin.id}",
        {
            "given_name": "Test",
            "family_name": "Person",
            "email": admin.login_email,
            "roles": ["handler"],
            "is_active": "y",
        },
    )
    assert response.status_code == 200
    assert 'id="roles-error"' in response.text
    db.session.expire_all()
    assert "admin" in db.session.get(User, admin.id).role_names


def test_duplicate_staff_address_is_refused_next_to_the_field(client, make_staff, login_staff):
    existing = make_staff(role="handler")
    login_staff(make_staff(role="admin"))
    response = post_form(
        client,
        "/admin/personal/ny",
        {"given_name": "A", "family_name": "B", "email": existing.login_email.upper()},
    )
    assert response.status_code == 200
    assert 'id="email-error"' in response.text
    assert 'value="A"' in response.text


def test_units_form_a_tree_and_cannot_own_themselves(client, db, make_staff, login_staff):
    login_staff(make_staff(role="admin"))
    post_form(
        client,
        "/admin/enheter/ny",
        {
            "name_sv": "Stadsmiljöförvaltningen",
            "slug": "stadsmiljo",
            "parent_id": "0",
            "is_active": "y",
        },
    )
    parent = db.session.scalar(select(Unit).where(Unit.slug == "stadsmiljo"))
    post_form(
        client,
        "/admin/enheter/ny",
        {
            "name_sv": "Park och natur",
            "slug": "park",
            "parent_id": str(parent.id),
            "is_active": "y",
        },
    )
    child = db.session.scalar(select(Unit).where(Unit.slug == "park"))
    assert child.parent_id == parent.id
    cycle = post_form(
        client,
        f"/admin/enheter/{parent.id}",
        {
            "name_sv": "Stadsmiljöförvaltningen",
            "slug": "stadsmiljo",
            "parent_id": str(child.id),
            "is_active": "y",
        },
    )
    assert cycle.status_code == 200
    assert 'id="parent_id-error"' in cycle.text


@pytest.mark.parametrize("slug", ["Park Natur", "park_natur", "-park", "å"])
def test_bad_short_names_are_refused(client, make_staff, login_staff, slug):
    login_staff(make_staff(role="admin"))
    response = post_form(client, "/admin/namnder/ny", {"name_sv": "Nämnd", "slug": slug})
    assert response.status_code == 200
    assert 'id="slug-error"' in response.text


def test_committee_is_created_and_audited(client, db, make_staff, login_staff):
    login_staff(make_staff(role="admin"))
    post_form(
        client,
        "/admin/namnder/ny",
        {
            "name_sv": "Kulturnämnden",
            "name_en": "Culture",
            "slug": "kulturnamnden",
            "is_active": "y",
        },
    )
    assert db.session.scalar(select(Unit.name_sv).where(Unit.kind == COMMITTEE)) == "Kulturnämnden"
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "committee.created"))
        is not None
    )


def test_units_and_committees_are_kept_apart_in_one_organisation(
    app, client, db, make_staff, login_staff, make_unit, make_committee, page
):
    unit, committee = make_unit(), make_committee()
    secretary = make_staff(role="committee_secretary")
    login_staff(make_staff(role="admin"))

    def place(**memberships):
        data = {"given_name": "Nils", "family_name": "S", "email": secretary.login_email}
        data.update(roles=["committee_secretary"], is_active="y", **memberships)
        response = post_form(client, f"/admin/personal/{secretary.id}", data)
        assert response.status_code == 302
        db.session.expire_all()
        return {u.slug for u in db.session.get(User, secretary.id).units}

    both = place(units=[str(unit.id)], committees=[str(committee.id)])
    assert both == {"park-och-natur", "kulturnamnden"}
    # Changing the units leaves the committees alone.
    assert place(committees=[str(committee.id)]) == {"kulturnamnden"}
    home = staff_client(app, secretary).get("/personal").text
    assert "Dina enheter" not in home
    assert "Dina nämnder" in home and "Kulturnämnden" in home
    # Each has its own list and its own page; a committee is not a unit's parent.
    assert "Kulturnämnden" not in page("/admin/enheter").text
    assert "Park och natur" not in page("/admin/namnder").text
    assert "Kulturnämnden" not in page("/admin/enheter/ny").text
    assert client.get(f"/admin/enheter/{committee.id}").status_code == 404
    assert client.get(f"/admin/namnder/{unit.id}").status_code == 404
    taken = post_form(
        client, "/admin/namnder/ny", {"name_sv": "Parknämnden", "slug": "park-och-natur"}
    )
    assert "En annan enhet har redan det här kortnamnet." in taken.text


def test_audit_log_filters_by_action_and_date(client, make_staff, login_staff, page):
    login_staff(make_staff(role="admin"))
    text = page("/admin/logg?action=login.success").text
    assert "<code>login.success</code>" in text
    assert "<code>user.created</code>" not in text
    assert "<code>login.success</code>" not in page("/admin/logg?until=2000-01-01").text
    bad = page("/admin/logg?since=21/11/2026").text
    assert 'id="since-error"' in bad


@pytest.mark.parametrize(
    "action",
    [
        "moderation.approved",
        "moderation.rejected",
        "moderation.changes_requested",
        "moderation.parked",
        "moderation.unparked",
        "moderation.reported",
        "moderation.report_kept",
        "moderation.report_removed",
        "outbox.retry_requested",
    ],
)
def test_audit_log_offers_every_action_to_filter_by(make_staff, login_staff, page, action):
    login_staff(make_staff(role="admin"))
    assert f'<option value="{action}">{action}</option>' in page("/admin/logg").text


def test_admin_can_reset_a_lost_phone_with_a_confirmation_step(
    client, db, make_staff, login_staff, page
):
    from eservices import crypto
    from eservices.database import utcnow

    target = make_staff(role="moderator")
    target.totp_secret_encrypted = crypto.encrypt("JBSWY3DPEHPK3PXP")
    target.totp_enabled_at = utcnow()
    db.session.commit()
    login_staff(make_staff(role="admin"))
    page(f"/admin/personal/{target.id}/tvastegsverifiering")
    db.session.expire_all()
    assert db.session.get(User, target.id).totp_enabled_at is not None  # GET changed nothing
    post_form(client, f"/admin/personal/{target.id}/tvastegsverifiering", {})
    db.session.expire_all()
    assert db.session.get(User, target.id).totp_enabled_at is None


def test_create_staff_command_makes_the_first_administrator(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "first@example.se",
            "--given-name",
            "Första",
            "--family-name",
            "Admin",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.login_email == "first@example.se"))
    assert user.role_names == {"admin"}
    weak = runner.invoke(
        args=[
            "create-staff",
            "--email",
            "second@example.se",
            "--given-name",
            "A",
            "--family-name",
            "B",
            "--password",
            "kort",
        ]
    )
    assert weak.exit_code != 0


def test_demoting_every_administrator_stops_at_the_last_one(db, make_staff):
    from eservices.accounts import services as accounts

    first, second = make_staff(role="admin"), make_staff(role="admin")

    def demote(user):
        accounts.update_staff(
            user,
            given_name="Test",
            family_name="Person",
            email=user.login_email,
            is_active=True,
            roles=["handler"],
            units=[],
            committees=[],
            actor=None,
        )

    demote(first)
    with pytest.raises(accounts.AccountError, match="last_admin"):
        demote(second)
    db.session.expire_all()
    assert "admin" in db.session.get(User, second.id).role_names


def test_the_last_administrator_cannot_be_deactivated(client, db, make_staff, login_staff):
    admin = make_staff(role="admin")
    login_staff(admin)
    response = post_form(
        client,
        f"/admin/personal/{admin.id}",
        {
            "given_name": "Test",
            "family_name": "Person",
            "email": admin.login_email,
            "roles": ["admin"],
        },  # is_active left unticked
    )
    assert 'id="roles-error"' in response.text
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active


def test_audit_log_from_date_leaves_out_earlier_events(make_staff, login_staff, page):
    login_staff(make_staff(role="admin"))
    assert "<code>login.success</code>" not in page("/admin/logg?since=2099-01-01").text


def test_a_staff_members_page_shows_their_roles_and_units_ticked(
    client, make_staff, make_unit, login_staff, page
):
    unit = make_unit()
    member = make_staff(role="handler", units=[unit])
    login_staff(make_staff(role="admin"))
    html = page(f"/admin/personal/{member.id}").text
    assert '<input checked id="roles-0" name="roles" type="checkbox" value="handler">' in html
    assert f'<input checked id="units-0" name="units" type="checkbox" value="{unit.id}">' in html
