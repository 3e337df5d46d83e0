"""Staff log-in: passwords, throttling, two-factor codes and server-side sessions."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from eservices.accounts import credentials, sessions
from eservices.accounts.models import LoginSession, User
from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from tests.conftest import PASSWORD, csrf_token, post_form


def _login(client, email, password):
    return post_form(client, "/personal/logga-in", {"email": email, "password": password})


def test_right_password_logs_in_and_wrong_one_explains(client, make_staff):
    user = make_staff(role="handler")
    wrong = _login(client, user.login_email, "not-the-password")
    assert wrong.status_code == 200
    assert 'id="password-error"' in wrong.text
    assert f'value="{user.login_email}"' in wrong.text  # the address is kept
    right = _login(client, user.login_email, PASSWORD)
    assert right.headers["Location"] == "/personal"
    assert client.get("/personal").status_code == 200


def test_wrong_passwords_are_throttled_per_account(app, client, make_staff, db):
    user = make_staff(role="handler")
    for _ in range(5):
        assert _login(client, user.login_email, "wrong-password-123").status_code == 200
    # The limit holds even with the right password, and from a fresh browser.
    client.delete_cookie("session")
    response = _login(client, user.login_email, PASSWORD)
    assert response.status_code == 429
    assert "För många försök" in response.text
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("login.failure") == 5
    assert "login.throttled" in actions


def test_wrong_passwords_are_throttled_per_ip_across_accounts(app, client, make_staff):
    app.config["LOGIN_LIMIT_PER_IP"] = "3 per 15 minutes"
    users = [make_staff(role="handler") for _ in range(4)]
    for user in users[:3]:
        assert _login(client, user.login_email, "wrong-password-123").status_code == 200
    assert _login(client, users[3].login_email, PASSWORD).status_code == 429


def test_successful_logins_are_not_throttled(app, client, make_staff):
    app.config["LOGIN_LIMIT_PER_IP"] = "3 per 15 minutes"
    user = make_staff(role="handler")
    for _ in range(8):
        assert _login(client, user.login_email, PASSWORD).status_code == 302


def test_unknown_address_and_wrong_password_look_the_same(client, make_staff):
    user = make_staff(role="handler")
    unknown = _login(client, "nobody@example.se", PASSWORD)
    wrong = _login(client, user.login_email, "wrong-password-123")
    assert unknown.status_code == wrong.status_code == 200
    assert 'id="password-error"' in unknown.text and 'id="password-error"' in wrong.text


def test_deactivated_staff_cannot_log_in(client, make_staff, db):
    user = make_staff(role="handler")
    user.is_active = False
    db.session.commit()
    response = _login(client, user.login_email, PASSWORD)
    assert 'id="password-error"' in response.text
    assert client.get("/personal").status_code == 302


def test_login_renews_the_session(client, make_staff):
    user = make_staff(role="handler")
    with client.session_transaction() as planted:
        planted["planted_by_attacker"] = "fixation"
    _login(client, user.login_email, PASSWORD)
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session


def test_logout_ends_the_session_even_for_a_copied_cookie(client, app, make_staff):
    user = make_staff(role="handler")
    _login(client, user.login_email, PASSWORD)
    stolen = client.get_cookie("session").value
    response = client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/").text)})
    assert response.status_code == 302
    assert client.get("/personal").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/personal").status_code == 302


def _age_session(db, **delta):
    login = db.session.scalar(select(LoginSession).where(LoginSession.ended_at.is_(None)))
    login.last_seen_at = utcnow() - timedelta(**delta.get("idle", {}))
    login.created_at = utcnow() - timedelta(**delta.get("age", {}))
    db.session.commit()


@pytest.mark.parametrize(
    "aged, still_in",
    [
        ({"idle": {"minutes": 29}}, True),
        ({"idle": {"minutes": 31}}, False),
        ({"age": {"hours": 11}}, True),
        ({"age": {"hours": 13}}, False),
    ],
)
def test_idle_and_absolute_timeouts(client, db, make_staff, aged, still_in):
    user = make_staff(role="handler")
    _login(client, user.login_email, PASSWORD)
    _age_session(db, **aged)
    assert (client.get("/personal").status_code == 200) is still_in


def test_deactivating_ends_open_sessions(client, db, make_staff):
    user = make_staff(role="handler")
    _login(client, user.login_email, PASSWORD)
    with client.application.app_context():
        from eservices.extensions import db as ext_db

        target = ext_db.session.get(User, user.id)
        sessions.end_all_for(target)
        ext_db.session.commit()
    assert client.get("/personal").status_code == 302


# --- Two-factor log-in -----------------------------------------------------------------


def _enable_totp(db, user):
    from eservices import crypto

    secret = pyotp.random_base32()
    user = db.session.get(User, user.id)
    user.totp_secret_encrypted = crypto.encrypt(secret)
    user.totp_enabled_at = utcnow()
    db.session.commit()
    return secret


def test_totp_is_asked_for_after_the_password(client, db, make_staff):
    user = make_staff(role="moderator")
    secret = _enable_totp(db, user)
    response = _login(client, user.login_email, PASSWORD)
    assert response.headers["Location"] == "/personal/logga-in/kod"
    assert client.get("/personal").status_code == 302  # not logged in yet
    wrong = post_form(client, "/personal/logga-in/kod", {"code": "000000"})
    assert 'id="code-error"' in wrong.text
    right = post_form(client, "/personal/logga-in/kod", {"code": pyotp.TOTP(secret).now()})
    assert right.headers["Location"] == "/personal"
    assert client.get("/personal").status_code == 200


def test_a_totp_code_cannot_be_used_twice(client, app, db, make_staff):
    user = make_staff(role="moderator")
    secret = _enable_totp(db, user)
    code = pyotp.TOTP(secret).now()
    _login(client, user.login_email, PASSWORD)
    assert post_form(client, "/personal/logga-in/kod", {"code": code}).status_code == 302
    other = app.test_client()
    _login(other, user.login_email, PASSWORD)
    replay = post_form(other, "/personal/logga-in/kod", {"code": code})
    assert replay.status_code == 200
    assert 'id="code-error"' in replay.text


def test_roles_that_require_totp_must_set_it_up_before_logging_in(app, client, db, make_staff):
    app.config["TOTP_REQUIRED_ROLES"] = frozenset({"moderator", "admin"})
    user = make_staff(role="admin")
    response = _login(client, user.login_email, PASSWORD)
    assert response.headers["Location"] == "/personal/tvastegsverifiering"
    setup = client.get("/personal/tvastegsverifiering")
    assert "<svg" in setup.text  # the QR code
    secret = setup.text.split('<code class="secret">')[1].split("<")[0]
    done = client.post(
        "/personal/tvastegsverifiering",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(setup.text)},
    )
    assert done.headers["Location"] == "/personal"
    assert client.get("/admin/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_enabled_at is not None


def test_handlers_are_not_forced_into_totp(app, client, make_staff):
    app.config["TOTP_REQUIRED_ROLES"] = frozenset({"moderator", "admin"})
    user = make_staff(role="handler")
    assert _login(client, user.login_email, PASSWORD).headers["Location"] == "/personal"


def test_totp_step_matching_allows_one_step_of_clock_drift():
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    now = 1_800_000_000
    assert credentials.matching_totp_step(secret, totp.at(now - 30), at=now) is not None
    assert credentials.matching_totp_step(secret, totp.at(now - 90), at=now) is None
    assert credentials.matching_totp_step(secret, "12345", at=now) is None
    assert credentials.matching_totp_step(secret, "１２３４５６", at=now) is None


def test_passwords_are_stored_as_argon2_hashes(db, make_staff):
    user = make_staff(role="handler")
    stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_throttling_counts_the_client_behind_a_trusted_proxy(app, client, make_staff):
    app.config["LOGIN_LIMIT_PER_IP"] = "2 per 15 minutes"
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
    users = [make_staff(role="handler") for _ in range(3)]
    first = {"X-Forwarded-For": "198.51.100.1"}
    for user in users[:2]:
        page = client.get("/personal/logga-in")
        client.post(
            "/personal/logga-in",
            headers=first,
            data={
                "email": user.login_email,
                "password": "wrong-password-123",
                "csrf_token": csrf_token(page.text),
            },
        )
    page = client.get("/personal/logga-in")
    data = {
        "email": users[2].login_email,
        "password": PASSWORD,
        "csrf_token": csrf_token(page.text),
    }
    assert client.post("/personal/logga-in", headers=first, data=data).status_code == 429
    other = {"X-Forwarded-For": "198.51.100.2"}
    assert client.post("/personal/logga-in", headers=other, data=data).status_code == 302


def test_an_administrator_deactivating_someone_logs_them_out(app, client, make_staff):
    user = make_staff(role="handler")
    _login(client, user.login_email, PASSWORD)
    admin = app.test_client()
    _login(admin, make_staff(role="admin").login_email, PASSWORD)
    response = post_form(
        admin,
        f"/admin/personal/{user.id}",
        {
            "given_name": "Test",
            "family_name": "Person",
            "email": user.login_email,
            "roles": ["handler"],
        },
    )
    assert response.status_code == 302
    assert client.get("/personal").status_code == 302


def test_a_deactivated_account_is_refused_even_with_a_live_session(client, db, make_staff):
    user = make_staff(role="handler")
    _login(client, user.login_email, PASSWORD)
    db.session.get(User, user.id).is_active = False
    db.session.commit()
    assert client.get("/personal").status_code == 302


def test_changing_the_password_ends_other_sessions(app, client, make_staff):
    user = make_staff(role="handler")
    _login(client, user.login_email, PASSWORD)
    laptop = app.test_client()
    _login(laptop, user.login_email, PASSWORD)
    post_form(
        client,
        "/personal/konto",
        {
            "current_password": PASSWORD,
            "password": "nya lösenordet är långt",
            "confirm": "nya lösenordet är långt",
        },
    )
    assert laptop.get("/personal").status_code == 302


def test_wrong_codes_are_throttled_too(client, db, make_staff):
    user = make_staff(role="moderator")
    secret = _enable_totp(db, user)
    _login(client, user.login_email, PASSWORD)
    for _ in range(5):
        assert post_form(client, "/personal/logga-in/kod", {"code": "000000"}).status_code == 200
    right = post_form(client, "/personal/logga-in/kod", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 429


def test_a_half_finished_log_in_expires(client, db, make_staff):
    user = make_staff(role="moderator")
    secret = _enable_totp(db, user)
    _login(client, user.login_email, PASSWORD)
    with client.session_transaction() as session:
        session["pending_login"] = {
            **session["pending_login"],
            "since": session["pending_login"]["since"] - 301,
        }
    token = csrf_token(client.get("/personal/logga-in").text)
    response = client.post(
        "/personal/logga-in/kod", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}
    )
    assert response.headers["Location"] == "/personal/logga-in"
    assert client.get("/personal").status_code == 302


def test_setting_up_totp_needs_the_right_code(app, client, db, make_staff):
    app.config["TOTP_REQUIRED_ROLES"] = frozenset({"admin"})
    user = make_staff(role="admin")
    _login(client, user.login_email, PASSWORD)
    wrong = post_form(client, "/personal/tvastegsverifiering", {"code": "000000"})
    assert 'id="code-error"' in wrong.text
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_enabled_at is None
