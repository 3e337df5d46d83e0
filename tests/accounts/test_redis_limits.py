"""Several app servers share log-in throttling through Redis."""

import os
import socket

import pytest

from eservices import create_app
from eservices.extensions import db as _db
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
    apps = [
        create_app("test", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI=redis_url)
        for _ in range(2)
    ]
    try:
        servers = []
        for server in apps:
            server.test_client_class = IsolatedClient
            servers.append(server.test_client())
        wrong = {"email": user.login_email, "password": "wrong-password-123"}
        for attempt in range(5):
            response = post_form(servers[attempt % 2], "/personal/logga-in", wrong)
            assert response.status_code == 200
        import redis

        assert redis.Redis.from_url(redis_url).keys("*"), "the counts are not in Redis"
        right = {"email": user.login_email, "password": "correct-horse-battery-staple"}
        assert post_form(servers[1], "/personal/logga-in", right).status_code == 429
    finally:
        # Each app has its own connection pool: close it rather than leave it to the GC.
        for server in apps:
            with server.app_context():
                _db.engine.dispose()
