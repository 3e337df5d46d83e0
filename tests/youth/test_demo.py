"""The youth election's demo: open for voting, candidates everywhere, codes that vote, and
last year's result certified, public and sound."""

import re

from sqlalchemy import func, select

from eservices import demo, parsers
from eservices.accounts import services as accounts
from eservices.youth import demo as youth_demo
from eservices.youth.models import Candidate, Election, Voter
from tests.conftest import check_page, csrf_token, staff_client
from tests.youth.test_voting_pages import CONFIRM, DONE, enter_code


def test_the_demo_election_is_open_with_candidates_in_every_area(app, db, client):
    demo.load()
    demo.load()  # a second run changes nothing
    this_year = parsers.today_in_sweden().year
    election = db.session.scalar(select(Election).filter_by(year=this_year))
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
    election = youth_demo.load("skolkontakt@example.se")  # this year's, loaded already
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
    voted = select(func.count()).where(Voter.has_voted, Voter.election_id == election.id)
    assert db.session.scalar(voted) == 1
    contact = staff_client(
        app, accounts.find_staff("skolkontakt@example.se"), password=demo.DEMO_PASSWORD
    )
    school_page = contact.get("/ungdomsval/skola/", follow_redirects=True)
    check_page(school_page)
    assert youth_demo.DEMO_CODES[1][1] in school_page.text
    assert "Klass 7A" in school_page.text


def test_last_years_demo_result_is_public_and_verifies(app, db, client, tmp_path):
    demo.load()
    year = parsers.today_in_sweden().year - 1
    start = client.get("/ungdomsval/")
    check_page(start)
    assert f'href="/ungdomsval/{year}/resultat"' in start.text

    result = client.get(f"/ungdomsval/{year}/resultat")
    check_page(result)
    text = " ".join(re.sub(r"<[^>]+>", " ", result.text).split())
    assert "Selma Ahmed 9 Ledamot" in text
    # Hanna Olsson and Viktor Lind tie in Nordost; the seed decides who is the member.
    lottery = re.search(
        r"(\w+ \w+), (\w+ \w+) fick 6 röster var\. Lottningen avgjorde plats 2", text
    )
    assert sorted(lottery.groups()) == ["Hanna Olsson", "Viktor Lind"]
    assert "Centrum;Alva Sjöberg;8;Ledamot" in client.get(f"/ungdomsval/{year}/resultat.csv").text

    ballots = client.get(f"/ungdomsval/{year}/valsedlar")
    check_page(ballots)
    tracker = re.search(r'class="identifier">([A-Z0-9]{5}-[A-Z0-9]{5})<', ballots.text)[1]
    found = client.get(f"/ungdomsval/{year}/min-rost", query_string={"kod": tracker})
    check_page(found)
    assert tracker in found.text and 'role="status"' in found.text

    runner = app.test_cli_runner()
    in_database = runner.invoke(args=["election", "verify", str(year)])
    assert in_database.exit_code == 0, in_database.output
    assert f"The result of {year} is sound: 73 ballots counted again" in in_database.output
    downloaded = tmp_path / "resultat.json"
    downloaded.write_bytes(client.get(f"/ungdomsval/{year}/resultat.json").data)
    from_file = runner.invoke(args=["election", "verify", str(downloaded)])
    assert from_file.exit_code == 0, from_file.output
