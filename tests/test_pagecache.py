"""Public pages kept for anonymous visitors: rendered once, and never shared wrongly."""

import re

import pytest

from tests.conftest import csrf_token

NONCE = re.compile(r'<style nonce="([^"]+)"')
TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def fresh_client(app, language=None):
    """A visitor who has not been here before (no cookies), in `language` if given."""
    client = app.test_client()
    if language:
        client.set_cookie("lang", language)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/om-webbplatsen",
        "/tillganglighet",
        "/e-tjanster/",
        "/e-tjanster/?q=parkering",
        "/e-tjanster/felanmalan",
        "/e-forslag/regler",
        "/ungdomsval/regler",
        "/logga-in",
        "/personal/logga-in",
        "/e-forslag/",
        "/e-forslag/?sortering=mest-stod",
        "/e-forslag/flode.atom",
        "/ungdomsval/",
    ],
)
def test_a_public_page_is_rendered_once_for_many_anonymous_visitors(app, renders, url):
    first = fresh_client(app).get(url)
    rendered = len(renders)
    second = fresh_client(app).get(url)
    assert rendered >= 1
    assert len(renders) == rendered, "the second visitor's page was rendered again"
    assert second.status_code == 200
    assert without_nonce_and_token(second.text) == without_nonce_and_token(first.text)


def without_nonce_and_token(html):
    """A page without the two values that differ per response."""
    return TOKEN.sub("", NONCE.sub("", html))


@pytest.mark.parametrize(
    "url", ["/", "/e-tjanster/", "/tillganglighet", "/e-forslag/regler", "/logga-in"]
)
def test_an_anonymous_visitor_reading_pages_gets_no_cookie(app, url):
    for _ in range(2):  # rendered, then kept
        response = fresh_client(app).get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert "csrf_token" not in response.text
        # No cache downstream shares it (its nonce is this response's); it varies by cookie.
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert "Cookie" in response.headers["Vary"]


def test_a_page_with_a_form_gives_each_visitor_a_token_that_works_for_them_only(app):
    fresh_client(app).get("/personal/logga-in")  # rendered and kept
    visitor = fresh_client(app)
    page = visitor.get("/personal/logga-in")
    assert "Set-Cookie" in page.headers  # the session the token belongs to
    token = csrf_token(page.text)
    login = {"email": "nobody@example.se", "password": "x" * 12}
    assert (
        visitor.post("/personal/logga-in", data={**login, "csrf_token": token}).status_code == 200
    )
    other = fresh_client(app)
    assert csrf_token(other.get("/personal/logga-in").text) != token
    refused = other.post("/personal/logga-in", data={**login, "csrf_token": token})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 302),  # a browser too old to say where a form comes from
        ({"Sec-Fetch-Site": "same-origin"}, 302),
        ({"Origin": "http://localhost"}, 302),
        ({"Sec-Fetch-Site": "cross-site"}, 400),
        ({"Sec-Fetch-Site": "same-site"}, 400),
        ({"Origin": "https://elak.example"}, 400),
        ({"Origin": "null"}, 400),
    ],
)
def test_the_language_switch_needs_no_token_but_refuses_other_sites(app, headers, status):
    visitor = fresh_client(app)
    response = visitor.post("/sprak", data={"lang": "en", "next": "/"}, headers=headers)
    assert response.status_code == status
    if status == 302:
        assert '<html lang="en">' in visitor.get("/").text
    else:
        assert '<html lang="sv">' in visitor.get("/").text


def test_an_error_page_is_never_kept(app, renders):
    for _ in range(2):
        assert fresh_client(app).get("/e-tjanster/finns-inte").status_code == 404
    assert renders.count("errors/404.html") == 2


def test_a_visitor_going_from_page_to_page_gets_kept_pages(app, renders):
    fresh_client(app).get("/om-webbplatsen")
    fresh_client(app).get("/tillganglighet")
    fresh_client(app).get("/")
    visitor = fresh_client(app)
    visitor.get("/personal/logga-in")  # a session, holding the CSRF token of its form
    visitor.get("/")  # the next request of a session: Flask-Login marks it not fresh
    rendered = len(renders)
    for url in ("/om-webbplatsen", "/tillganglighet", "/"):
        assert visitor.get(url).status_code == 200
    assert len(renders) == rendered, "a returning visitor's pages were rendered again"


def test_every_visitor_gets_a_nonce_of_their_own_in_the_page_and_the_policy(app):
    nonces = set()
    for _ in range(3):
        response = fresh_client(app).get("/")
        nonce = NONCE.search(response.text).group(1)
        assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
        nonces.add(nonce)
    assert len(nonces) == 3


def test_each_language_and_each_search_has_its_own_page(app):
    assert '<html lang="sv">' in fresh_client(app).get("/e-tjanster/").text
    assert '<html lang="en">' in fresh_client(app, "en").get("/e-tjanster/").text
    assert '<html lang="sv">' in fresh_client(app).get("/e-tjanster/").text
    parking = fresh_client(app).get("/e-tjanster/?q=parkering").text
    school = fresh_client(app).get("/e-tjanster/?q=skolskjuts").text
    assert "Parkeringstillstånd" in parking and "Parkeringstillstånd" not in school
    # The language switch returns to the search that was shown.
    assert 'name="next" value="/e-tjanster/?q=skolskjuts"' in school


def test_a_logged_in_resident_never_gets_the_anonymous_page_nor_leaves_hers(
    app, client, login_resident
):
    fresh_client(app).get("/")  # the anonymous page is kept
    login_resident()
    own = client.get("/").text
    assert "Anna Andersson" in own and "Logga ut" in own
    anonymous = fresh_client(app).get("/").text
    assert "Anna Andersson" not in anonymous and "Logga ut" not in anonymous


def test_a_logged_in_staff_member_gets_their_own_service_page(
    app, client, make_staff, make_unit, login_staff
):
    fresh_client(app).get("/e-tjanster/felanmalan")  # the anonymous page is kept
    login_staff(make_staff(role="handler", units=[make_unit()]))
    assert "Registrera ärendet" in client.get("/e-tjanster/felanmalan").text
    assert "Registrera ärendet" not in fresh_client(app).get("/e-tjanster/felanmalan").text


def test_a_flashed_message_reaches_its_visitor_only(app, client, login_resident):
    fresh_client(app).get("/")
    login_resident()
    logout = client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/").text)})
    assert logout.headers["Location"] == "/"
    assert "Du är utloggad." in client.get("/").text
    assert "Du är utloggad." not in fresh_client(app).get("/").text
    assert "Du är utloggad." not in client.get("/").text  # shown once, as before


def test_what_the_database_says_shows_once_the_kept_page_is_older_than_the_setting(
    app, db, make_unit, page_clock
):
    unit = make_unit(slug="felanmalan", name_sv="Drift och underhåll", name_en="Operations")
    clock = page_clock
    assert "Drift och underhåll" in fresh_client(app).get("/e-tjanster/felanmalan").text
    unit.name_sv = "Gator och belysning"
    db.session.commit()
    clock[0] += app.config["PAGE_CACHE_SECONDS"] - 1
    assert "Gator och belysning" not in fresh_client(app).get("/e-tjanster/felanmalan").text
    clock[0] += 2
    assert "Gator och belysning" in fresh_client(app).get("/e-tjanster/felanmalan").text


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SECONDS": 0}])
def test_no_page_is_kept_when_the_setting_is_zero(app, renders):
    fresh_client(app).get("/")
    rendered = len(renders)
    fresh_client(app).get("/")
    assert len(renders) == 2 * rendered
