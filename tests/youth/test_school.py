"""School contacts: their school's voters and turnout, code slips, assisted votes."""

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from eservices.youth import codes, services, turnout, voting
from eservices.youth.models import Ballot, PendingBallot, School
from tests.conftest import check_page, csrf_token, post_form
from tests.youth.test_voting_pages import CONFIRM, DONE, enter_code


@pytest.fixture
def school(db, election):
    return db.session.scalar(select(School).filter_by(code="HJA"))


@pytest.fixture
def contact(make_staff, login_staff, school):
    user = make_staff(role="school_contact")
    services.set_contact(school, user)
    login_staff(user)
    return user


@pytest.fixture
def pupils(make_voters, candidates):
    return make_voters(3, klass="7A") + make_voters(2, klass="7B")


def test_the_contact_sees_who_voted_per_class_never_how(
    client, db, election, contact, school, pupils, candidates
):
    voting.cast_vote(election, pupils[0].id, candidates["Nordost"][0].id)
    page = client.get(f"/ungdomsval/skola/{school.id}")
    check_page(page)
    assert page.headers["Cache-Control"].startswith("no-store")
    assert "Klass 7A" in page.text and "Klass 7B" in page.text
    assert candidates["Nordost"][0].name not in page.text
    by_class = {row.label: (row.voters, row.voted) for row in turnout.by_class(school)}
    assert by_class == {"7A": (3, 1), "7B": (2, 0)}
    assert "33,3 %" in page.text


def test_the_contact_list_goes_straight_to_the_only_school(client, contact, school):
    response = client.get("/ungdomsval/skola/")
    assert response.headers["Location"].endswith(f"/ungdomsval/skola/{school.id}")


def test_another_schools_contact_sees_nothing(
    client, db, election, make_staff, login_staff, pupils
):
    other = db.session.scalar(select(School).filter_by(code="TOR"))
    user = make_staff(role="school_contact")
    services.set_contact(other, user)
    login_staff(user)
    hja = db.session.scalar(select(School).filter_by(code="HJA"))
    assert client.get(f"/ungdomsval/skola/{hja.id}").status_code == 404
    assert client.get(f"/ungdomsval/skola/{hja.id}/klass/7A/koder").status_code == 404


def test_the_class_slips_are_one_pdf_whose_codes_work(
    app, client, db, election, contact, school, pupils
):
    url = f"/ungdomsval/skola/{school.id}/klass/7A/koder"
    check_page(client.get(url))
    response = post_form(client, url, {})
    assert response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    found = re.findall(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", text)
    assert len(found) == 3
    assert "Elev 0" in text and "Hjällboskolan, 7A" in text
    voter = codes.voter_for_code(election, found[0])
    assert voter is not None and voter.class_name == "7A"
    # Printing again makes new codes: the first slips stop working.
    post_form(client, url, {})
    assert codes.voter_for_code(election, found[0]) is None


def test_an_assisted_vote_records_the_helper_on_the_voter_never_the_ballot(
    client, db, election, contact, school, pupils, candidates
):
    pupil = pupils[1]
    token = csrf_token(client.get(f"/ungdomsval/skola/{school.id}").text)
    response = client.post(
        f"/ungdomsval/skola/{school.id}/elever/{pupil.id}/assistera", data={"csrf_token": token}
    )
    assert response.headers["Location"].endswith("/ungdomsval/valsedel")
    post_form(client, "/ungdomsval/valsedel", {"choice": str(candidates["Nordost"][1].id)})
    assert post_form(client, CONFIRM, {}).headers["Location"].endswith(DONE)
    db.session.refresh(pupil)
    assert pupil.has_voted and pupil.helper_staff_id == contact.id
    for model in (PendingBallot, Ballot):
        assert "helper" not in " ".join(model.__table__.columns.keys())
    # The helper stays logged in for the next pupil.
    assert client.get(f"/ungdomsval/skola/{school.id}").status_code == 200


def test_codes_slips_skip_those_who_voted(client, db, election, contact, school, pupils):
    voting.cast_vote(election, pupils[0].id, None)
    issued = codes.issue(pupils[:3])
    assert [voter.id for voter, _ in issued] == [p.id for p in pupils[1:3]]


@pytest.mark.parametrize("role", ["handler", "moderator"])
def test_only_school_contacts(client, make_staff, login_staff, role, school):
    login_staff(make_staff(role=role))
    assert client.get(f"/ungdomsval/skola/{school.id}").status_code == 403


def test_a_code_from_the_slip_opens_the_ballot(app, db, election, contact, school, pupils):
    ((_, code),) = codes.issue(pupils[:1])
    pupil_client = app.test_client()
    assert enter_code(pupil_client, code).headers["Location"].endswith("/ungdomsval/valsedel")
