"""A resident fills in an e-service in the browser: every step, the review and the receipt."""

from sqlalchemy import select

from eservices.cases.models import Case
from tests.browser.conftest import assert_accessible, click_and_check, switch_language, visit


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


def test_the_file_button_speaks_the_page_language_and_answers_the_keyboard(page, make_unit):
    for slug in ("felanmalan", "park-och-natur", "trafik"):
        make_unit(slug=slug, name_sv=f"Enhet {slug}")
    visit(page, "/e-tjanster/felanmalan")
    click_and_check(page, page.get_by_role("button", name="Starta e-tjänsten"))
    page.get_by_label("Trafikskylt eller trafiksignal").check()
    _next(page)
    page.locator("[name=location__description]").fill("Korsningen Avenyn och Vasagatan")
    _next(page)

    button = page.locator(".file-button__label")
    assert button.inner_text() == "Välj filer"  # the browser's would say "Choose Files"
    photos = page.get_by_label("Foton")
    assert photos.get_attribute("type") == "file"
    # Out of sight, but the next stop after the description for the keyboard, and the
    # button shows where the focus is.
    page.locator("textarea[name=description]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "photos"
    assert button.evaluate("label => getComputedStyle(label).outlineStyle") == "solid"
    photos.set_input_files(
        {"name": "trasig-signal.png", "mimeType": "image/png", "buffer": b"not checked here"}
    )
    assert page.locator(".file-button__chosen").inner_text() == "trasig-signal.png"
    assert_accessible(page)

    switch_language(page, "English")
    assert page.locator(".file-button__label").inner_text() == "Choose files"
    assert page.locator(".file-button__chosen").inner_text() == "No file chosen"
