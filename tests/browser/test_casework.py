"""A handler works a case in the browser: the queue, the case page as a desk, deciding."""

import pytest
from sqlalchemy import select

from eservices.cases.models import Case
from tests.browser.conftest import click_and_check, switch_language, ui_login_staff, visit
from tests.conftest import PASSWORD
from tests.factories import at


def test_a_handler_takes_and_decides_a_case(page, live_server, db, make_case, handler):
    case = make_case()
    ui_login_staff(page, live_server, handler.login_email, PASSWORD)
    visit(page, live_server + "/handlaggning/?vy=unassigned")
    click_and_check(page, page.get_by_role("link", name=case.number))
    assert page.get_by_label("Beslutstext").count() == 0  # nothing to decide yet
    click_and_check(page, page.get_by_role("button", name="Ta ärendet"))
    click_and_check(page, page.get_by_role("button", name="Påbörja handläggningen"))

    page.get_by_label("Bifall", exact=True).check()
    click_and_check(page, page.get_by_role("button", name="Fatta beslut"))  # no text yet
    error = page.locator("#decision-decision_text-error")
    assert "Ange beslutstext." in error.inner_text()
    assert page.get_by_label("Bifall", exact=True).is_checked()  # the choice is kept
    page.get_by_label("Beslutstext").fill("Klottret tas bort inom en vecka.")
    click_and_check(page, page.get_by_role("button", name="Fatta beslut"))
    assert page.get_by_role("button", name="Tilldela").count() == 0
    click_and_check(page, page.get_by_role("button", name="Avsluta ärendet"))

    db.session.expire_all()
    case = db.session.scalar(select(Case))
    assert (case.status, case.decision, case.assignee_id) == ("closed", "approved", handler.id)
    assert "Status: Avslutat" in page.locator("main").inner_text()
    assert "inget mer kan göras" in page.locator(".desk__panel").inner_text()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_case_page_is_a_desk_the_answers_first(
    new_page, live_server, make_case, handler, width
):
    case = make_case(status="in_progress")
    page = new_page(viewport={"width": width, "height": 900})
    ui_login_staff(page, live_server, handler.login_email, PASSWORD)
    visit(page, live_server + f"/handlaggning/arenden/{case.number}")
    main = page.locator(".desk__main").bounding_box()
    panel = page.locator(".desk__panel").bounding_box()
    answers = page.get_by_role("heading", name="Svar", exact=True).bounding_box()
    if width == 1280:
        # Side by side: the panel to the right of what is read, starting level with it.
        assert panel["x"] >= main["x"] + main["width"]
        assert abs(panel["y"] - main["y"]) < 2
        assert answers["y"] < 900, "the answers are not on the first screen"
    else:
        # One column: the panel after the case, and nothing wider than the screen.
        assert panel["y"] >= main["y"] + main["height"]
        assert panel["x"] + panel["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width


QUEUE_WORDS = {
    "sv": {
        "since": "Inkommet från",
        "parts": ("Dag", "Månad", "År"),
        "show": "Visa",
        "error": "Fel: ",
        "missing": "”Inkommet från”: datumet saknar månad.",
        "about": "Klotter eller skadegörelse · Här",
    },
    "en": {
        "since": "Received from",
        "parts": ("Day", "Month", "Year"),
        "show": "Show",
        "error": "Error: ",
        "missing": "“Received from”: the date must include a month.",
        "about": "Graffiti or vandalism · Här",
    },
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_queue_takes_dates_in_three_boxes_in_the_pages_language(
    page, live_server, make_case, handler, language
):
    early = make_case(submitted_at=at(2026, 3, 2))
    late = make_case(submitted_at=at(2026, 3, 27))
    words = QUEUE_WORDS[language]
    ui_login_staff(page, live_server, handler.login_email, PASSWORD)
    visit(page, live_server + "/handlaggning/")
    if language == "en":
        switch_language(page, "English")
    assert page.locator("main input[type=date]").count() == 0
    day, month, year = (
        page.get_by_role("group", name=words["since"]).get_by_label(part, exact=True)
        for part in words["parts"]
    )
    day.fill("20")
    year.fill("2026")  # the month forgotten
    click_and_check(page, page.get_by_role("button", name=words["show"], exact=True))
    assert page.title().startswith(words["error"])
    assert words["missing"] in page.locator("#since-error").inner_text()
    assert words["missing"] in page.locator(".error-summary").inner_text()
    assert (day.input_value(), year.input_value()) == ("20", "2026")  # what was typed is kept
    assert month.get_attribute("aria-invalid") == "true"
    assert day.get_attribute("aria-invalid") is None

    month.fill("3")
    click_and_check(page, page.get_by_role("button", name=words["show"], exact=True))
    table = page.locator("main table").inner_text()
    assert late.number in table and early.number not in table
    # The queue says what each case is about, and its number stays on one line.
    assert words["about"] in page.locator(".queue__summary").first.inner_text()
    page.set_viewport_size({"width": 320, "height": 900})
    number = page.get_by_role("link", name=late.number)
    assert number.evaluate("link => link.getClientRects().length") == 1
