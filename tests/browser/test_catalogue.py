"""A visitor finds an e-service: search, description page, browsing; axe on every page."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import click_and_check, submit, switch_language, visit

NARROW = {"width": 320, "height": 800}


def path_of(page):
    """The path (and query) the browser is showing."""
    url = urlsplit(page.url)
    return url.path + (f"?{url.query}" if url.query else "")


def test_visitor_searches_opens_a_service_and_browses_a_life_event(page, make_unit):
    make_unit(slug="trafik", name_sv="Trafikkontoret", name_en="Traffic Office")
    visit(page, "/")

    click_and_check(page, page.locator("main").get_by_role("link", name="E-tjänster", exact=True))

    assert path_of(page) == "/e-tjanster/"
    page.get_by_label("Sök e-tjänster").fill("parkering")
    submit(page, "main form[role=search]")

    assert path_of(page) == "/e-tjanster/?q=parkering"
    assert page.get_by_role("status").inner_text() == "1 träff för ”parkering”"
    results = page.locator("main section[aria-labelledby=results-heading]")
    click_and_check(
        page, results.get_by_role("link", name="Parkeringstillstånd för rörelsehindrade")
    )

    assert path_of(page) == "/e-tjanster/parkeringstillstand-rorelsehindrade"
    assert page.locator("h1").inner_text() == "Parkeringstillstånd för rörelsehindrade"
    description = page.locator("main dl").inner_text()
    assert "Normalt 35 dagar" in description
    assert "Trafikkontoret" in description
    assert "Krävs. Du loggar in med e-legitimation" in description

    click_and_check(
        page, page.locator("nav.breadcrumbs").get_by_role("link", name="E-tjänster", exact=True)
    )
    click_and_check(page, page.get_by_role("link", name="Flytta", exact=True))

    assert path_of(page) == "/e-tjanster/livshandelse/flytta"
    assert page.locator("h1").inner_text() == "Flytta"
    click_and_check(page, page.get_by_role("link", name="Ansök om skolskjuts"))
    assert page.locator("h1").inner_text() == "Ansök om skolskjuts"


def test_search_without_results_and_in_english(page):
    visit(page, "/e-tjanster/?q=zzzqqq")
    assert page.get_by_role("status").inner_text() == "0 träffar för ”zzzqqq”"

    switch_language(page, "English")

    assert page.get_by_role("status").inner_text() == "0 results for “zzzqqq”"
    assert page.locator("h1").inner_text() == "E-services"


@pytest.mark.parametrize(
    "path",
    [
        "/e-tjanster/",
        "/e-tjanster/?q=anm%C3%A4lan",
        "/e-tjanster/parkeringstillstand-rorelsehindrade",
        "/e-tjanster/synpunkter-och-klagomal",
        "/e-tjanster/livshandelse/trafik-och-parkering",
    ],
)
def test_catalogue_pages_fit_a_320_pixel_screen(new_page, path):
    page = new_page(viewport=NARROW)

    visit(page, path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
