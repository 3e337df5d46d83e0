"""Voting through the pages: by code and by e-ID, once, logged out after, back shows done."""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from eservices.youth import codes, services
from eservices.youth.models import PendingBallot, Voter
from tests.conftest import check_page, csrf_token, post_form
from tests.youth.conftest import pnr_born

BALLOT = "/ungdomsval/valsedel"
CONFIRM = "/ungdomsval/valsedel/bekrafta"
DONE = "/ungdomsval/har-rostat"


@pytest.fixture
def voter_with_code(db, election, candidates, make_voters):
    (voter,) = make_voters(1)
    ((_, code),) = codes.issue([voter])
    return voter, code


def enter_code(client, code):
    """Type a voting code on the start page."""
    token = csrf_token(client.get("/ungdomsval/rosta").text)
    return client.post("/ungdomsval/rosta/kod", data={"csrf_token": token, "code": code})


def vote_for(client, choice):
    """Fill in the ballot and confirm; returns the response to the confirmation."""
    response = post_form(client, BALLOT, {"choice": choice})
    assert response.headers["Location"].endswith(CONFIRM), response.text
    return post_form(client, CONFIRM, {})


def test_a_pupil_votes_with_a_code(client, db, voter_with_code, candidates):
    voter, code = voter_with_code
    response = enter_code(client, code.lower())
    assert response.headers["Location"].endswith(BALLOT)
    ballot = client.get(BALLOT)
    check_page(ballot)
    assert ballot.headers["Cache-Control"].startswith("no-store")
    for candidate in candidates["Nordost"]:
        assert f'value="{candidate.id}"' in ballot.text
    assert candidates["Centrum"][0].name not in ballot.text
    assert "Väntar Granskning" not in ballot.text
    chosen = candidates["Nordost"][1]
    response = post_form(client, BALLOT, {"choice": str(chosen.id)})
    assert response.headers["Location"].endswith(CONFIRM)
    page = client.get(CONFIRM)
    check_page(page)
    assert chosen.name in page.text
    response = post_form(client, CONFIRM, {})
    assert response.headers["Location"].endswith(DONE)
    done = client.get(DONE)
    check_page(done)
    assert "Du har röstat" in done.text
    tracker = re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", done.text).group(0)
    assert db.session.scalar(select(PendingBallot.tracker)) == tracker
    db.session.refresh(voter)
    assert voter.has_voted


def test_after_the_vote_the_back_button_shows_du_har_rostat(client, voter_with_code, candidates):
    _voter, code = voter_with_code
    enter_code(client, code)
    vote_for(client, str(candidates["Nordost"][0].id))
    client.get(DONE)
    for url in (BALLOT, CONFIRM, DONE):
        page = client.get(url)
        check_page(page)
        assert "Du har röstat" in page.text
        assert "candidate-card" not in page.text
        assert page.headers["Cache-Control"].startswith("no-store")
    # The tracker is shown once only.
    assert not re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", client.get(DONE).text)


def test_a_used_code_is_dead(client, app, db, voter_with_code):
    _voter, code = voter_with_code
    enter_code(client, code)
    vote_for(client, "blank")
    other = app.test_client()
    response = enter_code(other, code)
    check_page(response)
    assert "Koden stämmer inte" in response.text


def test_a_wrong_code_is_shown_next_to_the_field_and_kept(client, db, voter_with_code):
    response = enter_code(client, "ACDE-FHJK-MNPX")
    check_page(response)
    assert 'id="code-error"' in response.text
    assert 'value="ACDE-FHJK-MNPX"' in response.text


def test_a_second_vote_from_a_second_browser_is_told_du_har_redan_rostat(
    app, client, db, voter_with_code, candidates
):
    voter, code = voter_with_code
    second = app.test_client()
    for browser in (client, second):
        enter_code(browser, code)
        post_form(browser, BALLOT, {"choice": "blank"})
    # Both browsers show the confirmation page; the first confirms, then the second.
    second_token = csrf_token(second.get(CONFIRM).text)
    assert post_form(client, CONFIRM, {}).headers["Location"].endswith(DONE)
    response = second.post(CONFIRM, data={"csrf_token": second_token})
    assert response.status_code == 409
    assert "Du har redan röstat" in response.text
    assert db.session.scalar(select(func.count()).select_from(PendingBallot)) == 1


def test_the_ballot_needs_a_voter(client, election):
    response = client.get(BALLOT)
    assert response.headers["Location"].endswith("/ungdomsval/rosta")


def test_no_choice_is_an_error_on_the_ballot(client, voter_with_code):
    enter_code(client, voter_with_code[1])
    response = post_form(client, BALLOT, {})
    check_page(response)
    assert 'id="choice-error"' in response.text


def test_a_voter_votes_with_the_test_e_id(client, db, election, candidates):
    from eservices.youth import census
    from tests.youth.test_census import census_file, pupil  # the census the school sends

    with client.application.test_request_context():
        census.import_csv(election, census_file(pupil(born=date(2013, 3, 1))))
    response = client.get("/ungdomsval/rosta/e-legitimation")
    assert response.headers["Location"].endswith("/ungdomsval/rosta/test-e-legitimation")
    response = post_form(
        client,
        "/ungdomsval/rosta/test-e-legitimation",
        {"personnummer": pnr_born(date(2013, 3, 1))},
    )
    assert response.headers["Location"].endswith(BALLOT)
    vote_for(client, "blank")
    assert db.session.scalar(select(Voter.has_voted))
    response = post_form(
        client,
        "/ungdomsval/rosta/test-e-legitimation",
        {"personnummer": pnr_born(date(2013, 3, 1))},
    )
    assert response.status_code == 409
    assert "Du har redan röstat" in response.text


def test_someone_outside_the_census_is_told_so(client, election):
    response = post_form(
        client, "/ungdomsval/rosta/test-e-legitimation", {"personnummer": "19900315-2387"}
    )
    check_page(response)
    assert "Du finns inte i röstlängden" in response.text


def test_the_ballot_speaks_arabic_right_to_left(client, voter_with_code):
    enter_code(client, voter_with_code[1])
    response = client.post("/ungdomsval/sprak", data={"lang": "ar", "next": BALLOT})
    assert response.headers["Location"].endswith(BALLOT)
    page = client.get(BALLOT)
    check_page(page)
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "<h1>ورقة التصويت الخاصة بك</h1>" in page.text


def test_only_the_elections_languages(client, db, voter_with_code, election):
    election.languages = "sv,en"
    db.session.commit()
    response = client.post("/ungdomsval/sprak", data={"lang": "ar"})
    assert response.status_code == 400


def test_voting_closed(client, db, election):
    election.closed_at = election.voting_opens_at
    db.session.commit()
    page = client.get("/ungdomsval/rosta")
    check_page(page)
    assert "Röstningen är stängd" in page.text


def test_code_attempts_are_limited_per_code(app, client, voter_with_code):
    app.config["VOTING_CODE_LIMIT_PER_CODE"] = "3 per 15 minutes"
    for _ in range(3):
        assert enter_code(app.test_client(), "ACDE-FHJK-MNPX").status_code == 200
    assert enter_code(client, "ACDE-FHJK-MNPX").status_code == 429


def test_wrong_codes_are_limited_per_address(app, client, voter_with_code):
    app.config["VOTING_CODE_LIMIT_PER_IP"] = "3 per 10 minutes"
    for n in range(3):
        assert enter_code(client, f"ACDE-FHJK-MN{n}{n}").status_code == 200
    response = enter_code(client, voter_with_code[1])
    assert response.status_code == 429


# --- e-ID through an OIDC broker: a fresh log-in every time --------------------------


@pytest.fixture
def broker():
    from tests.accounts.test_oidc import Broker

    with Broker() as running:
        running.person = {
            "https://id.oidc.se/claim/personalIdentityNumber": pnr_born(date(2013, 3, 1)),
            "given_name": "Ella",
        }
        yield running


@pytest.fixture
def app_config(request):
    if "broker" not in request.fixturenames:
        return {}
    from tests.accounts.test_oidc import CLIENT_ID, CLIENT_SECRET

    broker = request.getfixturevalue("broker")
    return {
        "IDENTITY_PROVIDER": "oidc",
        "TEST_EID_ENABLED": False,
        "OIDC_ISSUER": broker.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "SERVER_NAME": "localhost",
    }


def test_e_id_asks_the_broker_for_a_fresh_log_in(broker, client, db, election, candidates):
    import requests

    from eservices.youth import census
    from tests.youth.test_census import census_file, pupil

    with client.application.test_request_context():
        census.import_csv(election, census_file(pupil()))
    start = client.get("/ungdomsval/rosta/e-legitimation")
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]
    back = urlsplit(
        requests.get(start.headers["Location"], allow_redirects=False, timeout=5).headers[
            "Location"
        ]
    )
    response = client.get(f"{back.path}?{back.query}")
    assert response.headers["Location"].endswith(BALLOT), response.text
    assert services.current_election().year == election.year
