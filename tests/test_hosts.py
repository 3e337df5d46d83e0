"""Public links come from BASE_URL, and production answers only for its own host names."""

import pytest

from eservices import create_app
from tests.accounts.test_staff_login import _login
from tests.conftest import PASSWORD
from tests.test_config import _production

SITE = "https://e.example.se"


def test_the_services_api_links_to_base_url_whatever_the_host_header(app, client):
    app.config["BASE_URL"] = SITE
    response = client.get("/api/v1/services", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
    assert "evil.example" not in response.text
    assert all(service["url"].startswith(f"{SITE}/e-tjanster/") for service in response.json)


def test_production_answers_only_for_its_own_host_names():
    config = _production(BASE_URL=SITE, ALLOWED_HOSTS="www.e.example.se")
    assert config.TRUSTED_HOSTS == ["e.example.se", "www.e.example.se"]


@pytest.mark.parametrize("url", ["/api/v1/services", "/", "/healthz", "/finns-inte"])
def test_an_unknown_host_header_is_refused_with_no_links_to_it(app, client, url):
    app.config.update(BASE_URL=SITE, TRUSTED_HOSTS=["e.example.se"])
    response = client.get(url, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.text == "Adressen hör inte till den här webbplatsen.\n"
    assert client.get(url, headers={"Host": "e.example.se"}).status_code in {200, 404}


def test_production_needs_its_public_https_address():
    with pytest.raises(Exception, match="BASE_URL"):
        _production(BASE_URL=None).validate()
    with pytest.raises(Exception, match="BASE_URL"):
        _production(BASE_URL="http://e.example.se").validate()


def test_production_requires_two_factor_log_in_of_every_member_of_staff(app, client, make_staff):
    app.config["TOTP_REQUIRED_ROLES"] = _production().TOTP_REQUIRED_ROLES
    for role in ("handler", "manager", "moderator", "admin"):
        user = make_staff(role=role)
        browser = app.test_client()
        response = _login(browser, user.login_email, PASSWORD)
        assert response.headers["Location"] == "/personal/tvastegsverifiering", role


def test_production_names_its_session_cookie_with_the_host_prefix(
    database_template, tmp_path, monkeypatch
):
    config = _production(BASE_URL=SITE)
    assert config.SESSION_COOKIE_NAME == "__Host-session"
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path))
    app = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/x.sqlite",
        SESSION_COOKIE_NAME=config.SESSION_COOKIE_NAME,
        SESSION_COOKIE_SECURE=config.SESSION_COOKIE_SECURE,
    )
    cookie = app.test_client().get("/personal/logga-in").headers["Set-Cookie"]
    # What browsers require of a __Host- cookie: Secure, Path=/, no Domain.
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie
