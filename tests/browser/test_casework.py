"""A handler works a case in the browser: queue, case page, take it, decide, close."""

from sqlalchemy import select

from eservices.cases.models import Case
from tests.browser.conftest import click_and_check, ui_login_staff, visit
from tests.conftest import PASSWORD


def test_a_handler_takes_and_decides_a_case(page, live_server, db, make_case, handler):
    case = make_case()
    ui_login_staff(page, live_server, handler.login_email, PASSWORD)
    visit(page, live_server + "/handlaggning/?vy=unassigned")
    click_and_check(page, page.get_by_role("link", name=case.number))
    click_and_check(page, page.get_by_role("button", name="Ta ärendet"))
    page.get_by_label("Under handläggning").check()
    click_and_check(page, page.get_by_role("button", name="Ändra status"))

    page.get_by_label("Beslutat").check()
    click_and_check(page, page.get_by_role("button", name="Ändra status"))  # no outcome yet
    assert "beslutstext" in page.locator("main").inner_text()
    page.get_by_label("Beslutat").check()
    page.get_by_label("Bifall", exact=True).check()
    page.get_by_label("Beslutstext").fill("Klottret tas bort inom en vecka.")
    click_and_check(page, page.get_by_role("button", name="Ändra status"))
    click_and_check(page, page.get_by_role("button", name="Avsluta ärendet"))

    db.session.expire_all()
    case = db.session.scalar(select(Case))
    assert (case.status, case.decision, case.assignee_id) == ("closed", "approved", handler.id)
    assert "Status: Avslutat" in page.locator("main").inner_text()
