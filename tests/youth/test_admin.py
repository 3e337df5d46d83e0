"""The election administrator's pages: settings, areas and seats, schools, census."""

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from eservices.youth.models import Area, Election, School
from tests.conftest import check_page, csrf_token, post_form
from tests.youth.conftest import census_file, pupil


@pytest.fixture
def admin(make_staff, login_staff):
    user = make_staff(role="election_admin")
    login_staff(user)
    return user


SETTINGS = {
    "year": "2027",
    "candidacy_first_day": "2027-10-01",
    "candidacy_last_day": "2027-10-31",
    "voting_first_day": "2027-11-12",
    "voting_last_day": "2027-11-21",
    "members": "81",
    "deputies": "20",
    "seats_method": "modified-sainte-lague",
    "first_divisor": "1,2",
    "anonymity_k": "25",
    "languages": ["sv", "en", "ar"],
    "blank_vote_allowed": "y",
    "candidate_order": "random",
}


def test_an_administrator_creates_an_election(client, db, admin, page):
    page("/ungdomsval/admin/nytt")
    response = post_form(client, "/ungdomsval/admin/nytt", SETTINGS)
    assert response.status_code == 302
    election = db.session.scalar(select(Election).where(Election.year == 2027))
    assert election.languages == "sv,en,ar" and election.first_divisor == Decimal("1.2")
    assert election.voting_opens_at.isoformat() == "2027-11-11T23:00:00+00:00"
    assert election.voting_closes_at.isoformat() == "2027-11-21T23:00:00+00:00"
    assert "Valet 2027" in page("/ungdomsval/admin/").text


def test_bad_settings_are_shown_next_to_the_field_and_kept(client, db, admin):
    bad = {**SETTINGS, "voting_last_day": "2027-11-01", "anonymity_k": "0"}
    response = post_form(client, "/ungdomsval/admin/nytt", bad)
    check_page(response)
    assert 'id="voting_last_day-error"' in response.text
    assert 'id="anonymity_k-error"' in response.text
    assert 'value="2027-11-01"' in response.text
    assert response.text.count("<title>Fel: ") == 1
    assert db.session.scalar(select(Election)) is None


def test_areas_schools_and_the_seat_split(client, db, admin, election, page):
    response = page(f"/ungdomsval/admin/{election.year}")
    assert "seat 81:" in response.text  # the working of the members' split
    response = post_form(
        client, f"/ungdomsval/admin/{election.year}/mandat", {}, follow_redirects=False
    )
    assert response.status_code == 302
    seats = {a.name: (a.members, a.deputies) for a in db.session.scalars(select(Area))}
    assert seats == {
        "Nordost": (19, 5),
        "Centrum": (17, 4),
        "Sydväst": (20, 5),
        "Hisingen": (25, 6),
    }
    token = csrf_token(page(f"/ungdomsval/admin/{election.year}").text)
    response = client.post(
        f"/ungdomsval/admin/{election.year}/omraden",
        data={"csrf_token": token, "area-name": "Nordost", "area-child_population": "10"},
    )
    check_page(response)
    assert "Det finns redan ett stadsområde med det namnet." in response.text
    centrum = db.session.scalar(select(Area).where(Area.name == "Centrum"))
    response = client.post(
        f"/ungdomsval/admin/{election.year}/skolor",
        data={
            "csrf_token": token,
            "school-code": "ANN",
            "school-name": "Annedalsskolan",
            "school-area_id": centrum.id,
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(select(School).where(School.code == "ANN")).area.name == "Centrum"


def test_an_override_needs_a_reason(client, db, admin, election):
    area = election.areas[0]
    url = f"/ungdomsval/admin/{election.year}/omraden/{area.id}/mandat"
    response = post_form(client, url, {"members": "3", "deputies": "", "reason": ""})
    check_page(response)
    assert 'id="reason-error"' in response.text
    response = post_form(client, url, {"members": "3", "reason": "Få kandidater 2026"})
    assert response.status_code == 302
    db.session.refresh(area)
    assert (area.member_seats, area.override_reason) == (3, "Få kandidater 2026")


def test_the_census_upload_reports_rows_by_line(client, db, admin, election, page):
    url = f"/ungdomsval/admin/{election.year}/rostlangd"
    token = csrf_token(page(url).text)
    data = census_file(pupil(), pupil(name="För ung", born=date(2016, 1, 1), year=4))
    response = client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(data), "census.csv")},
        content_type="multipart/form-data",
    )
    check_page(response)
    assert response.headers["Cache-Control"].startswith("no-store")
    assert '<th scope="row">3</th>' in response.text
    assert "1 tillagda, 0 uppdaterade, 1 avvisade." in response.text


def test_the_census_is_frozen_by_publishing_its_fingerprint(client, db, admin, election, page):
    response = post_form(client, f"/ungdomsval/admin/{election.year}/rostlangd/publicera", {})
    assert response.status_code == 302
    db.session.refresh(election)
    assert len(election.census_fingerprint) == 64
    assert election.census_fingerprint in page("/ungdomsval/").text


@pytest.mark.parametrize("role", ["school_contact", "handler", "admin"])
def test_only_election_administrators_set_up_elections(client, make_staff, login_staff, role):
    login_staff(make_staff(role=role))
    assert client.get("/ungdomsval/admin/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_staff_log_in(client):
    response = client.get("/ungdomsval/admin/")
    assert response.status_code == 302
    assert "/personal/logga-in" in response.headers["Location"]
