"""Public pages and forms pass axe-core in both languages, at 320 px and from the keyboard."""

import pytest

from tests.browser.conftest import submit, switch_language, visit

PUBLIC_PAGES = [
    "/",
    "/om-webbplatsen",
    "/tillganglighet",
    "/logga-in",
    "/logga-in/test",
    "/personal/logga-in",
]
NOT_FOUND = "/finns-inte"


def html_lang(page):
    """The language the page declares on <html>."""
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, NOT_FOUND])
def test_public_page_is_accessible_in_swedish_and_in_english(page, live_server, path):
    response = visit(page, path)
    assert response.status == (404 if path == NOT_FOUND else 200)
    assert html_lang(page) == "sv"
    assert page.locator("h1").count() == 1

    switch_language(page, "English")

    assert page.url == live_server + path
    assert html_lang(page) == "en"
    assert page.locator("h1").count() == 1


def test_staff_login_with_nothing_filled_in_explains_the_errors(page):
    visit(page, "/personal/logga-in")

    submit(page)

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    # One link per missing field, each leading to its input.
    assert summary.locator("a[href='#email']").count() == 1
    assert summary.locator("a[href='#password']").count() == 1
    assert page.title().startswith("Fel: ")
    assert page.locator("input[name=email]").get_attribute("aria-invalid") == "true"


def test_test_eid_with_a_wrong_personnummer_keeps_what_was_typed(page):
    visit(page, "/logga-in/test")
    page.fill("input[name=personnummer]", "19900315-2388")
    page.fill("input[name=given_name]", "Anna")
    page.fill("input[name=family_name]", "Andersson")

    submit(page, "form:has(input[name=personnummer])")

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("a[href='#personnummer']").count() == 1
    assert page.title().startswith("Fel: ")
    assert page.input_value("input[name=personnummer]") == "19900315-2388"
    assert page.input_value("input[name=given_name]") == "Anna"
    assert page.input_value("input[name=family_name]") == "Andersson"


@pytest.mark.parametrize("path", ["/", "/logga-in", "/logga-in/test", "/personal/logga-in"])
def test_page_fits_a_320_pixel_screen_without_scrolling_sideways(new_page, path):
    page = new_page(viewport={"width": 320, "height": 800})

    visit(page, path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page):
    visit(page, "/")

    page.keyboard.press("Tab")

    skip_link = page.locator("a.skip-link")
    assert skip_link.evaluate("link => link === document.activeElement")
    assert skip_link.get_attribute("href") == "#main"
    # Hidden until focused is fine; still hidden when focused is not.
    box = skip_link.bounding_box()
    assert box is not None
    assert box["width"] > 1
    assert box["height"] > 1
    assert box["y"] >= 0

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
