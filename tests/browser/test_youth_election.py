"""A youth-council election from start to finish, through the pages, as its people use them.

The administrator sets it up and imports the census, a pupil stands and a moderator approves
her, the administrator moves voting to today, one pupil votes with a code and one with the
test e-ID, neither can vote twice, voting is closed, the result certified and published, and a
voter finds their ballot by its tracker code. Time moves the way an administrator moves it:
by changing the election's days on its settings page.
"""

import re
from datetime import date, timedelta

from sqlalchemy import select

from eservices import parsers
from eservices.youth import codes
from eservices.youth.models import Voter
from tests.browser.conftest import (
    click_and_check,
    submit,
    ui_login_resident,
    ui_login_staff,
    visit,
)
from tests.conftest import PASSWORD
from tests.youth.conftest import HEADER, census_file, pnr_born

TRACKER = re.compile(r"[A-Z0-9]{5}-[A-Z0-9]{5}")
CANDIDATE_BORN, EID_VOTER_BORN, CODE_VOTER_BORN = (
    date(2011, 4, 2),
    date(2012, 6, 9),
    date(2013, 1, 2),
)
CENSUS = census_file(
    (pnr_born(CANDIDATE_BORN), "Sara Lund", CANDIDATE_BORN, "HJA", "8B", 8, "Nordost"),
    (pnr_born(EID_VOTER_BORN), "Omar Said", EID_VOTER_BORN, "HJA", "7A", 7, "Nordost"),
    ("", "Lea Berg", CODE_VOTER_BORN, "HJA", "7A", 7, "Nordost"),
    ("", "Ivar Nord", CODE_VOTER_BORN, "XYZ", "7A", 7, "Nordost"),
    header=HEADER,
)
# The voters' pages also have the ballot's language buttons in a form of their own.
VOTER_FORM = "main form:not(.ballot-languages)"
PRESENTATION = "Jag vill ha fler fritidsgårdar som är öppna på helgen."


def set_days(page, year, candidacy, voting):
    """Change the election's candidacy and voting days on its settings page."""
    visit(page, f"/ungdomsval/admin/{year}/installningar")
    for name, day in zip(
        ("candidacy_first_day", "candidacy_last_day", "voting_first_day", "voting_last_day"),
        (*candidacy, *voting),
        strict=True,
    ):
        page.fill(f"input[name={name}]", day.isoformat())
    submit(page)
    assert "Valet är sparat." in page.locator(".notices").inner_text()


def set_up_with_census(admin, year, today):
    """Create the election with candidacy open today, one area and school, and the census."""
    visit(admin, "/ungdomsval/admin/nytt")
    admin.fill("input[name=year]", str(year))
    admin.fill("input[name=members]", "1")
    admin.fill("input[name=deputies]", "1")
    for name, day in (
        ("candidacy_first_day", today - timedelta(days=1)),
        ("candidacy_last_day", today),
        ("voting_first_day", today + timedelta(days=1)),
        ("voting_last_day", today + timedelta(days=10)),
    ):
        admin.fill(f"input[name={name}]", day.isoformat())
    submit(admin)
    admin.fill("input[name=area-name]", "Nordost")
    admin.fill("input[name=area-child_population]", "24500")
    submit(admin, "main form:has(input[name=area-name])")
    admin.fill("input[name=school-code]", "HJA")
    admin.fill("input[name=school-name]", "Hjällboskolan")
    submit(admin, "main form:has(input[name=school-code])")
    click_and_check(admin, admin.get_by_role("button", name="Fördela mandaten enligt metoden"))

    visit(admin, f"/ungdomsval/admin/{year}/rostlangd")
    admin.set_input_files(
        "input[name=file]", {"name": "rostlangd.csv", "mimeType": "text/csv", "buffer": CENSUS}
    )
    submit(admin)
    assert "3 tillagda, 0 uppdaterade, 1 avvisade." in admin.locator("main").inner_text()
    rejected = admin.locator("main table tbody tr")
    assert rejected.count() == 1
    assert rejected.locator("th").inner_text() == "5"
    assert "skola" in rejected.locator("td").inner_text().lower()


def stand_and_be_approved(new_page, live_server, moderator):
    """Sara stands with e-ID; a moderator approves her profile from the queue."""
    pupil = new_page()
    ui_login_resident(pupil, live_server, pnr_born(CANDIDATE_BORN), "Sara", "Lund")
    visit(pupil, "/ungdomsval/")
    click_and_check(pupil, pupil.get_by_role("link", name="Ställ upp som kandidat"))
    pupil.fill("textarea[name=presentation]", PRESENTATION)
    pupil.locator("input[name=rules]").check()
    submit(pupil, VOTER_FORM)
    assert "Din presentation är skickad" in pupil.locator(".notices").inner_text()

    staff = new_page()
    ui_login_staff(staff, live_server, moderator.login_email, PASSWORD)
    visit(staff, "/moderering/")
    click_and_check(staff, staff.get_by_role("link", name="Sara Lund"))
    click_and_check(staff, staff.get_by_role("button", name="Ta inlägget"))
    click_and_check(staff, staff.get_by_role("link", name="Godkänn"))
    submit(staff, "main form")
    assert "Godkänt" in staff.locator(".notices").inner_text()

    visit(pupil, "/ungdomsval/kandidera")
    assert "Din presentation är godkänd" in pupil.locator("main").inner_text()


# What the voter reads on the way, in Swedish and in Arabic.
WORDS = {
    "sv": {"send": "Ja, skicka min röst", "voted": "Du har röstat", "blank": "Du röstar blankt."},
    "ar": {"send": "نعم، أرسل صوتي", "voted": "لقد صوّتّ", "blank": "أنت تصوّت بورقة بيضاء."},
}


def vote(page, choice, language="sv", confirmation=None):
    """From the ballot on: choose, confirm, and read the tracker off "you have voted"."""
    words = WORDS[language]
    page.get_by_label(choice).check()
    submit(page, VOTER_FORM)
    assert (confirmation or choice) in page.locator("main").inner_text()
    click_and_check(page, page.get_by_role("button", name=words["send"]))
    assert page.locator("h1").inner_text() == words["voted"]
    return TRACKER.search(page.locator(".voted__tracker").inner_text())[0]


def test_a_youth_election_from_census_to_the_published_ballot_list(
    app, db, new_page, live_server, make_staff
):
    today = parsers.today_in_sweden()
    year = today.year
    admin = new_page()
    ui_login_staff(admin, live_server, make_staff(role="election_admin").login_email, PASSWORD)
    set_up_with_census(admin, year, today)
    stand_and_be_approved(new_page, live_server, make_staff(role="moderator"))

    # Voting opens: candidacy ended yesterday, voting runs from today.
    set_days(
        admin,
        year,
        (today - timedelta(days=2), today - timedelta(days=1)),
        (today, today + timedelta(days=9)),
    )
    lea = db.session.scalar(select(Voter).filter_by(birth_date=CODE_VOTER_BORN))
    ((_, code),) = codes.issue([lea])  # the slip her teacher prints

    by_code = new_page()
    visit(by_code, "/ungdomsval/")
    click_and_check(by_code, by_code.get_by_role("link", name="Rösta nu"))
    by_code.fill("input[name=code]", code)
    submit(by_code, "main form[action$='/rosta/kod']")
    assert by_code.locator("h1").inner_text() == "Din valsedel"
    code_tracker = vote(by_code, "Sara Lund")

    # Omar reads Arabic: every page from here to "you have voted" is right to left.
    by_eid = new_page()
    visit(by_eid, "/ungdomsval/rosta")
    click_and_check(by_eid, by_eid.get_by_role("button", name="العربية"))
    assert by_eid.locator("html").get_attribute("dir") == "rtl"
    click_and_check(by_eid, by_eid.get_by_role("link", name="ادخل بالهوية الإلكترونية"))
    by_eid.fill("input[name=personnummer]", pnr_born(EID_VOTER_BORN))
    submit(by_eid, VOTER_FORM)
    assert by_eid.locator("html").get_attribute("dir") == "rtl"
    blank = WORDS["ar"]["blank"]
    eid_tracker = vote(by_eid, "صوّت بورقة بيضاء", "ar", confirmation=blank)
    assert by_eid.locator("html").get_attribute("dir") == "rtl"

    # Neither can vote again: the code died with the vote, the e-ID finds the mark.
    again = new_page()
    visit(again, "/ungdomsval/rosta")
    again.fill("input[name=code]", code)
    submit(again, "main form[action$='/rosta/kod']")
    assert "Koden stämmer inte" in again.locator("#code-error").inner_text()
    visit(again, "/ungdomsval/rosta/test-e-legitimation")
    again.fill("input[name=personnummer]", pnr_born(EID_VOTER_BORN))
    submit(again, VOTER_FORM)
    assert again.locator("h1").inner_text() == "Du har redan röstat"

    closed = app.test_cli_runner().invoke(args=["election", "close", str(year), "--early"])
    assert closed.exit_code == 0, closed.output
    visit(admin, f"/ungdomsval/admin/{year}/certifiera")
    click_and_check(admin, admin.get_by_role("button", name="Fastställ och publicera"))
    assert "Resultatet är fastställt och publicerat." in admin.locator(".notices").inner_text()

    public = new_page()
    visit(public, "/ungdomsval/")
    click_and_check(public, public.get_by_role("link", name=f"Resultatet {year} med valsedlarna"))
    nordost = public.locator("main table").first
    assert "Sara Lund" in nordost.locator("tbody tr").first.inner_text()
    assert "Ledamot" in nordost.locator("tbody tr").first.inner_text()
    click_and_check(public, public.get_by_role("link", name="Valsedlarna", exact=True))
    ballot_list = public.locator("main table").inner_text()
    assert code_tracker in ballot_list and eid_tracker in ballot_list

    click_and_check(public, public.get_by_role("link", name="Hitta din röst med din kontrollkod"))
    public.fill("input[name=kod]", code_tracker.lower())
    submit(public)
    assert "Sara Lund" in public.locator("main [role=status]").inner_text()
