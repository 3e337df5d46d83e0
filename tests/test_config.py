"""Configuration: production refuses unsafe settings; the default needs no setup."""

import pytest
from cryptography.fernet import Fernet

from eservices import create_app
from eservices.config import ConfigurationError, load_config

GOOD_PRODUCTION = {
    "ESERVICES_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "PNR_HMAC_KEY": "p" * 40,
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "OIDC_ISSUER": "https://eid.example.se",
    "OIDC_CLIENT_ID": "eservices",
    "OIDC_CLIENT_SECRET": "secret",
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
    "BASE_URL": "https://e.example.se",
}


def _production(**changes):
    env = {**GOOD_PRODUCTION, **changes}
    return load_config(environ={k: v for k, v in env.items() if v is not None})


def test_production_starts_with_its_secrets():
    config = _production()
    config.validate()
    assert config.SESSION_COOKIE_SECURE is True
    assert config.HSTS is True
    assert "*" in config.TOTP_REQUIRED_ROLES  # every member of staff


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PNR_HMAC_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_production_refuses_to_start_without_a_secret(missing, monkeypatch):
    for key, value in GOOD_PRODUCTION.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError, match=missing):
        create_app("production")


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        _production(SECRET_KEY="short").validate()


def test_production_refuses_the_test_eid():
    with pytest.raises(ConfigurationError, match="test e-ID"):
        _production(TEST_EID_ENABLED="true").validate()
    with pytest.raises(ConfigurationError, match="test e-ID"):
        _production(IDENTITY_PROVIDER="test").validate()


def test_production_needs_the_oidc_client():
    with pytest.raises(ConfigurationError, match="OIDC"):
        _production(OIDC_CLIENT_SECRET=None).validate()


def test_unknown_environment_name_is_refused():
    with pytest.raises(ConfigurationError, match="staging"):
        load_config("staging")


def test_default_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'eservices.sqlite'}"


def test_sqlite_runs_in_wal_mode_with_the_configured_busy_timeout(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only apply to SQLite")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_production_refuses_several_workers_with_rate_limits_in_memory():
    with pytest.raises(ConfigurationError, match="RATELIMIT_STORAGE_URI"):
        _production(WEB_CONCURRENCY="5").validate()
    _production(WEB_CONCURRENCY="5", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/1").validate()
    _production(WEB_CONCURRENCY="1").validate()
