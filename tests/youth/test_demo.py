"""The youth election's demo: open for voting, candidates everywhere, codes that vote."""

from sqlalchemy import func, select

from eservices import demo
from eservices.accounts import services as accounts
from eservices.youth import demo as youth_demo
from eservices.youth.models import Candidate, Election, Voter
from tests.conftest import check_page, csrf_token, staff_client
from tests.youth.test_voting_pages import CONFIRM, DONE, enter_code


def test_the_demo_election_is_open_with_candidates_in_every_area(app, db, client):
    demo.load()
    demo.load()  # a second run changes nothing
    (election,) = db.session.scalars(select(Election)).all()
    assert election.voting_is_open()
    for area in election.areas:
        count = select(func.count()).where(Candidate.area_id == area.id)
        assert db.session.scalar(count) >= 2, area.name
    assert [a.members for a in election.areas] == [19, 17, 20, 25]
    page = client.get("/ungdomsval/")
    check_page(page)
    assert "/ungdomsval/rosta" in page.text


def test_a_demo_code_votes_and_the_contact_sees_the_codes(app, db, client):
    demo.load()
    _name, code = youth_demo.DEMO_CODES[0]
    response = enter_code(client, code)
    assert response.headers["Location"].endswith("/ungdomsval/valsedel")
    page = client.get("/ungdomsval/valsedel")
    assert "Ella Nyström" in page.text  # Demoskolan is in Centrum
    client.post(
        "/ungdomsval/valsedel",
        data={"csrf_token": csrf_token(page.text), "choice": "blank"},
    )
    confirm = client.get(CONFIRM)
    assert (
        client.post(CONFIRM, data={"csrf_token": csrf_token(confirm.text)})
        .headers["Location"]
        .endswith(DONE)
    )
    assert db.session.scalar(select(func.count()).where(Voter.has_voted)) == 1
    contact = staff_client(
        app, accounts.find_staff("skolkontakt@example.se"), password=demo.DEMO_PASSWORD
    )
    school_page = contact.get("/ungdomsval/skola/", follow_redirects=True)
    check_page(school_page)
    assert youth_demo.DEMO_CODES[1][1] in school_page.text
    assert "Klass 7A" in school_page.text
