"""A resident fills in an e-service in the browser: every step, the review and the receipt."""

from sqlalchemy import select

from eservices.cases.models import Case
from tests.browser.conftest import click_and_check, visit


def _next(page):
    click_and_check(page, page.locator("main form .button-group button[value=next]"))


def test_a_fault_report_from_description_page_to_receipt(page, db, make_unit):
    for slug in ("felanmalan", "park-och-natur", "trafik"):
        make_unit(slug=slug, name_sv=f"Enhet {slug}")
    visit(page, "/e-tjanster/felanmalan")
    click_and_check(page, page.get_by_role("button", name="Starta e-tjänsten"))

    assert "Steg 1 av 4" in page.locator("main").inner_text()
    _next(page)  # nothing chosen: the error is shown next to the field
    assert page.title().startswith("Fel: ")
    page.get_by_label("Trafikskylt eller trafiksignal").check()
    _next(page)

    page.locator("textarea[name=location__description], input[name=location__description]").fill(
        "Korsningen Avenyn och Vasagatan"
    )
    _next(page)
    page.locator("textarea[name=description]").fill("Signalen visar rött åt alla håll.")
    _next(page)

    # The script hides the contact fields until they apply.
    email = page.locator("input[name=email]")
    assert not email.is_visible()
    page.get_by_label("Ja").check()
    assert email.is_visible()
    email.fill("kim@example.se")
    _next(page)

    main = page.locator("main").inner_text()
    assert "Korsningen Avenyn och Vasagatan" in main
    assert "kim@example.se" in main
    click_and_check(page, page.get_by_role("button", name="Skicka"))

    assert page.locator("h1").inner_text() == "Ditt ärende har tagits emot"
    number = page.locator("main .case-number").first.inner_text()
    case = db.session.scalar(select(Case).where(Case.number == number))
    assert case.unit.slug == "trafik"
    assert case.answers["email"] == "kim@example.se"
