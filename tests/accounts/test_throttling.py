"""Staff log-in throttling, counted in the database that every worker and server shares."""

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from eservices import create_app
from eservices.accounts.models import LoginThrottle
from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.extensions import db as _db
from tests.conftest import PASSWORD, IsolatedClient, csrf_token, post_form
from tests.test_config import GOOD_PRODUCTION

ROOT = Path(__file__).resolve().parents[2]
WRONG = "wrong-password-123"


def _login(client, email, password, address="192.0.2.10"):
    return post_form(
        client,
        "/personal/logga-in",
        {"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _throttled_events(db):
    return db.session.scalar(select(func.count()).where(AuditEvent.action == "login.throttled"))


def test_two_app_servers_share_the_failed_login_count(app, make_staff):
    # Each worker counting in its own memory allowed five attempts per worker.
    user = make_staff(role="handler")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    apps = [create_app("test", SQLALCHEMY_DATABASE_URI=url) for _ in range(2)]
    try:
        clients = []
        for server in apps:
            server.test_client_class = IsolatedClient
            clients.append(server.test_client())
        for attempt in range(5):
            assert _login(clients[attempt % 2], user.login_email, WRONG).status_code == 200
        assert _login(clients[1], user.login_email, PASSWORD).status_code == 429
    finally:
        for server in apps:
            with server.app_context():
                _db.engine.dispose()


def test_guesses_sent_at_once_cannot_slip_in_under_the_limit(app, make_staff):
    # Each attempt is counted before its password is checked, in one statement.
    email = make_staff(role="handler").login_email
    browsers = [app.test_client() for _ in range(12)]
    pages = [browser.get("/personal/logga-in") for browser in browsers]
    start = threading.Barrier(len(browsers), timeout=60)

    def guess(browser, page):
        start.wait()
        data = {"email": email, "password": WRONG, "csrf_token": csrf_token(page.text)}
        return browser.post("/personal/logga-in", data=data).status_code

    with ThreadPoolExecutor(len(browsers)) as pool:
        statuses = sorted(pool.map(guess, browsers, pages))
    assert statuses == [200] * 5 + [429] * 7


def test_a_wrong_password_attacker_elsewhere_cannot_lock_a_staff_member_out(
    client, app, make_staff
):
    user = make_staff(role="handler")
    attacker = app.test_client()
    for _ in range(12):
        _login(attacker, user.login_email, WRONG, address="203.0.113.66")
    assert _login(attacker, user.login_email, PASSWORD, address="203.0.113.66").status_code == 429
    # The staff member, at their own address, gets in with the right password.
    assert _login(client, user.login_email, PASSWORD).status_code == 302


def test_a_throttling_episode_is_audited_once_not_per_refused_request(client, db, make_staff):
    user = make_staff(role="handler")
    for _ in range(5):
        assert _login(client, user.login_email, WRONG).status_code == 200
    refused = [_login(client, user.login_email, WRONG).status_code for _ in range(50)]
    assert refused == [429] * 50
    assert _throttled_events(db) == 1
    failures = db.session.scalar(select(func.count()).where(AuditEvent.action == "login.failure"))
    assert failures == 5


def test_unknown_addresses_sprayed_from_one_place_are_throttled_and_audited_once(app, client, db):
    app.config["LOGIN_LIMIT_PER_IP"] = "3 per 15 minutes"
    statuses = [_login(client, f"x{n}@example.se", WRONG).status_code for n in range(30)]
    assert statuses == [200] * 3 + [429] * 27
    assert _throttled_events(db) == 1


def test_a_throttle_ends_with_its_window_and_a_new_episode_is_audited_again(
    app, client, db, make_staff
):
    user = make_staff(role="handler")
    for _ in range(6):
        _login(client, user.login_email, WRONG)
    assert _login(client, user.login_email, PASSWORD).status_code == 429
    db.session.execute(update(LoginThrottle).values(window_start=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert _login(client, user.login_email, PASSWORD).status_code == 302
    other = app.test_client()
    for _ in range(6):
        _login(other, user.login_email, WRONG)
    assert _login(other, user.login_email, PASSWORD).status_code == 429
    assert _throttled_events(db) == 2


def test_the_refusal_says_when_to_try_again(client, make_staff):
    user = make_staff(role="handler")
    for _ in range(5):
        _login(client, user.login_email, WRONG)
    response = _login(client, user.login_email, WRONG)
    assert response.status_code == 429
    assert 800 < int(response.headers["Retry-After"]) <= 900


def test_no_e_mail_or_network_address_is_kept_in_the_counts(client, db, make_staff):
    user = make_staff(role="handler")
    _login(client, user.login_email, WRONG, address="198.51.100.7")
    keys = db.session.scalars(select(LoginThrottle.key)).all()
    assert len(keys) == 2
    assert not any("198.51" in key or "example" in key for key in keys)


def test_gunicorn_refuses_several_workers_counting_in_memory_in_production():
    env = {
        **{k: v for k, v in os.environ.items() if k != "WEB_CONCURRENCY"},
        **GOOD_PRODUCTION,
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "--workers", "3", "--bind", "127.0.0.1:0", "eservices:create_app()"]
    started = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert started.returncode != 0
    assert "RATELIMIT_STORAGE_URI" in started.stderr
