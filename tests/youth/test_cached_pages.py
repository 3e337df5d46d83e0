"""The election's public pages kept for anonymous visitors, and what is never kept."""

from eservices.youth import results
from tests.conftest import csrf_token


def anonymous(app):
    """A visitor without cookies."""
    return app.test_client()


def test_the_certified_result_is_rendered_once_for_many_visitors(app, db, closed, admin, renders):
    election, _trackers = closed
    results.certify(election, admin)
    for url in (f"/ungdomsval/{election.year}/resultat", f"/ungdomsval/{election.year}/valsedlar"):
        first = anonymous(app).get(url)
        rendered = len(renders)
        second = anonymous(app).get(url)
        assert first.status_code == second.status_code == 200
        assert len(renders) == rendered
        assert "Set-Cookie" not in second.headers
        assert second.headers["Cache-Control"] == "private, no-cache"


def test_a_tracker_look_up_shows_the_vote_and_the_browser_keeps_none_of_it(
    app, db, closed, admin, renders
):
    election, trackers = closed
    results.certify(election, admin)
    tracker, name = next((t, n) for t, n in trackers.items() if n)
    url = f"/ungdomsval/{election.year}/min-rost"
    for _ in range(2):
        found = anonymous(app).get(url, query_string={"kod": tracker})
        assert name in found.text
        assert found.headers["Cache-Control"] == "no-store"
    rendered = len(renders)
    for _ in range(2):
        missing = anonymous(app).get(url, query_string={"kod": "AAAAA-AAAAA"})
        assert "Ingen valsedel" in missing.text
    assert len(renders) == rendered + 2, "a code that finds nothing was answered from a kept page"


def test_the_voting_start_page_is_kept_never_stored_and_each_token_is_the_visitors(
    app, db, election
):
    anonymous(app).get("/ungdomsval/rosta")  # rendered and kept
    voter = anonymous(app)
    page = voter.get("/ungdomsval/rosta")
    assert page.headers["Cache-Control"] == "no-store"
    token = csrf_token(page.text)
    answered = voter.post("/ungdomsval/rosta/kod", data={"code": "XXXX", "csrf_token": token})
    assert answered.status_code != 400  # the form's own answer to a wrong code
    other = anonymous(app)
    assert csrf_token(other.get("/ungdomsval/rosta").text) != token
    refused = other.post("/ungdomsval/rosta/kod", data={"code": "XXXX", "csrf_token": token})
    assert refused.status_code == 400
