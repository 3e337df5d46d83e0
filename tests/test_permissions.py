"""How a view declares who may use it, and where a visitor who has not logged in is sent."""

from urllib.parse import parse_qs, urlsplit

import pytest

from eservices.permissions import AUTHENTICATED, PUBLIC, public, requires


def _view():
    return "the page"


def test_a_view_carries_what_it_requires_for_the_url_map_check():
    assert requires("handle_cases")(_view).access == "handle_cases"
    assert requires(AUTHENTICATED)(_view).access == AUTHENTICATED
    assert public(_view).access == PUBLIC


@pytest.mark.parametrize("name", ["handle_case", "public", "", "admin"])
def test_a_permission_no_role_grants_is_refused_where_the_view_is_declared(name):
    with pytest.raises(ValueError, match=f"unknown permission {name!r}"):
        requires(name)


@pytest.mark.parametrize(
    "url, login, back",
    [
        (
            "/handlaggning/?vy=mine&sortera=-due",
            "/personal/logga-in",
            "/handlaggning/?vy=mine&sortera=-due",
        ),
        ("/handlaggning/", "/personal/logga-in", "/handlaggning/"),
        ("/admin/enheter", "/personal/logga-in", "/admin/enheter"),
        ("/mina-sidor/arenden", "/logga-in", "/mina-sidor/arenden"),
        ("/mina-sidor/arenden?sida=2", "/logga-in", "/mina-sidor/arenden?sida=2"),
    ],
)
def test_a_visitor_not_logged_in_is_sent_to_the_right_log_in_and_back(client, url, login, back):
    response = client.get(url)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == login
    assert parse_qs(location.query) == {"next": [back]}
