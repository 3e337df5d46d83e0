"""Public pages kept for anonymous visitors: rendered once, and never shared wrongly."""

import re

import pytest
from flask import template_rendered

from eservices.pagecache import PageCache
from tests.conftest import csrf_token

NONCE = re.compile(r'<style nonce="([^"]+)"')


@pytest.fixture
def renders(app):
    """The names of the templates rendered while the test runs."""
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    yield rendered
    template_rendered.disconnect(record, app)


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
    ],
)
def test_a_public_page_is_rendered_once_for_many_anonymous_visitors(app, renders, url):
    first = fresh_client(app).get(url)
    rendered = len(renders)
    second = fresh_client(app).get(url)
    assert rendered >= 1
    assert len(renders) == rendered, "the second visitor's page was rendered again"
    assert second.status_code == 200
    assert NONCE.sub("", second.text).replace(csrf_token(second.text), "") == NONCE.sub(
        "", first.text
    ).replace(csrf_token(first.text), "")


def test_a_visitor_going_from_page_to_page_gets_kept_pages(app, renders):
    fresh_client(app).get("/om-webbplatsen")
    fresh_client(app).get("/tillganglighet")
    visitor = fresh_client(app)
    visitor.get("/")
    visitor.get("/")  # the second request of a session: Flask-Login marks it not fresh
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


def test_the_csrf_token_of_a_kept_page_is_the_visitors_own_and_works(app):
    fresh_client(app).get("/tillganglighet")  # rendered and kept
    visitor = fresh_client(app)
    token = csrf_token(visitor.get("/tillganglighet").text)
    response = visitor.post("/sprak", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302
    other = fresh_client(app)
    assert csrf_token(other.get("/tillganglighet").text) != token
    refused = other.post("/sprak", data={"lang": "en", "next": "/", "csrf_token": token})
    assert refused.status_code == 400


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
    app, db, make_unit
):
    unit = make_unit(slug="felanmalan", name_sv="Drift och underhåll", name_en="Operations")
    clock = [1000.0]
    app.extensions["pagecache"] = PageCache(
        app.config["PAGE_CACHE_SECONDS"], timer=lambda: clock[0]
    )
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
