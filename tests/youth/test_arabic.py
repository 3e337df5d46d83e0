"""The voter's pages in Arabic: written right to left, with every string on them translated.

The ballot is offered in Arabic, so a voter who reads only Arabic must meet no English on
the way from the start page to "you have voted", nor when looking up their ballot later.
Every string a page looks up in the catalogue while it is drawn is recorded; one the Arabic
catalogue lacks would reach the voter in English.
"""

import re
from datetime import date

import flask_babel
import pytest
from flask import g

from eservices.youth import census, codes, results, voting
from tests.conftest import check_page, csrf_token, post_form
from tests.youth.conftest import census_file, pnr_born, pupil

RTL = '<html lang="ar" dir="rtl">'
BORN = date(2013, 3, 1)


@pytest.fixture
def untranslated(app, monkeypatch):
    """The strings drawn from the catalogue while pages were shown in Arabic, but not in it."""
    with app.test_request_context():
        g.page_language = "ar"
        arabic = flask_babel.get_translations()
    catalogue = arabic._catalog
    gettext, ngettext = arabic.ugettext, arabic.ungettext
    missing = set()

    def recording_gettext(message):
        if message not in catalogue:
            missing.add(message)
        return gettext(message)

    def recording_ngettext(singular, plural, n):
        if (singular, 0) not in catalogue:
            missing.add(singular)
        return ngettext(singular, plural, n)

    monkeypatch.setattr(arabic, "ugettext", recording_gettext)
    monkeypatch.setattr(arabic, "ungettext", recording_ngettext)
    return missing


def in_arabic(client, response, status=200):
    """Check the page, and that it is Arabic, right to left."""
    check_page(response, status)
    assert RTL in response.text, response.text[:300]
    return response


def choose_arabic(client, next_url="/ungdomsval/"):
    response = client.post("/ungdomsval/sprak", data={"lang": "ar", "next": next_url})
    assert response.status_code == 302
    return in_arabic(client, client.get(next_url))


def test_every_voter_page_is_arabic_right_to_left_and_fully_translated(
    app, client, db, election, candidates, make_voters, admin, untranslated
):
    with app.test_request_context():
        census.import_csv(election, census_file(pupil(born=BORN)))
    (voter,) = make_voters(1)
    ((_, code),) = codes.issue([voter])

    choose_arabic(client)
    in_arabic(client, client.get("/ungdomsval/kandidater"))
    start = in_arabic(client, client.get("/ungdomsval/rosta"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', start.text)
    wrong = {"csrf_token": token[1] if token else "", "code": "ACDE-FHJK-MNPX"}
    in_arabic(client, client.post("/ungdomsval/rosta/kod", data=wrong))
    in_arabic(client, client.post("/ungdomsval/rosta/kod", data={**wrong, "code": ""}))
    eid = "/ungdomsval/rosta/test-e-legitimation"
    in_arabic(client, client.get(eid))
    in_arabic(client, post_form(client, eid, {"personnummer": "1234"}))
    in_arabic(client, post_form(client, eid, {"personnummer": ""}))
    in_arabic(client, post_form(client, eid, {"personnummer": "19900315-2387"}))

    assert client.post("/ungdomsval/rosta/kod", data={**wrong, "code": code}).status_code == 302
    in_arabic(client, client.get("/ungdomsval/valsedel"))
    in_arabic(client, post_form(client, "/ungdomsval/valsedel", {}))
    chosen = candidates["Nordost"][0]
    post_form(client, "/ungdomsval/valsedel", {"choice": str(chosen.id)})
    confirm = in_arabic(client, client.get("/ungdomsval/valsedel/bekrafta"))
    assert chosen.name in confirm.text
    assert post_form(client, "/ungdomsval/valsedel/bekrafta", {}).status_code == 302
    voted = in_arabic(client, client.get("/ungdomsval/har-rostat"))
    tracker = re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", voted.text)[0]

    choose_arabic(client, "/ungdomsval/rosta")
    assert post_form(client, eid, {"personnummer": pnr_born(BORN)}).status_code == 302
    post_form(client, "/ungdomsval/valsedel", {"choice": "blank"})
    blank = in_arabic(client, client.get("/ungdomsval/valsedel/bekrafta"))
    assert "candidate-card--chosen" not in blank.text
    post_form(client, "/ungdomsval/valsedel/bekrafta", {})
    client.get("/ungdomsval/har-rostat")
    choose_arabic(client, "/ungdomsval/rosta")
    in_arabic(client, post_form(client, eid, {"personnummer": pnr_born(BORN)}), status=409)

    voting.close_voting(election)
    results.certify(election, admin)
    in_arabic(client, client.get("/ungdomsval/rosta"))
    lookup = f"/ungdomsval/{election.year}/min-rost"
    found = in_arabic(client, client.get(lookup, query_string={"kod": tracker}))
    assert chosen.name in found.text
    in_arabic(client, client.get(lookup, query_string={"kod": "AAAAA-AAAAA"}))
    in_arabic(client, client.get(f"/ungdomsval/{election.year}/valsedlar"))
    in_arabic(client, client.get(f"/ungdomsval/{election.year}/resultat"))
    in_arabic(client, client.get("/ungdomsval/"))

    app.config["VOTING_CODE_LIMIT_PER_IP"] = "1 per 10 minutes"
    for _attempt in range(2):
        fresh = {**wrong, "csrf_token": csrf_token(client.get(eid).text)}
        refused = client.post("/ungdomsval/rosta/kod", data=fresh)
    in_arabic(client, refused, status=429)

    assert sorted(untranslated) == []


def test_the_header_language_choice_ends_the_ballots_language(client, election):
    choose_arabic(client)
    response = client.post("/sprak", data={"lang": "en", "next": "/ungdomsval/"})
    page = client.get(response.headers["Location"])
    check_page(page)
    assert '<html lang="en">' in page.text
