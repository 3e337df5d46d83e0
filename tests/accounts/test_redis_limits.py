"""Several app servers share log-in throttling through Redis."""

import os
import socket

import pytest

from eservices import create_app
from tests.conftest import IsolatedClient, post_form

REDIS = "redis://127.0.0.1:6379/15"


def _redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis on 127.0.0.1:6379 is needed in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    yield REDIS
    redis.Redis.from_url(REDIS).flushdb()


def test_two_app_servers_share_the_failed_login_count(app, redis_url, make_staff):
    user = make_staff(role="handler")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    servers = []
    for _ in range(2):
        server = create_app("test", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI=redis_url)
        server.test_client_class = IsolatedClient
        servers.append(server.test_client())
    for attempt in range(5):
        response = post_form(
            servers[attempt % 2],
            "/personal/logga-in",
            {"email": user.login_email, "password": "wrong-password-123"},
        )
        assert response.status_code == 200
    blocked = post_form(
        servers[1],
        "/personal/logga-in",
        {"email": user.login_email, "password": "correct-horse-battery-staple"},
    )
    assert blocked.status_code == 429
