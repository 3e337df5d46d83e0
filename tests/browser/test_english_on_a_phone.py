"""The English pages on a 320 px phone: the resident's and the handler's, with British dates.

Every page is checked for layout by assert_accessible (see conftest); here the pages are in
English, whose words and dates differ in length from the Swedish ones, and every date they
show is written the site's way: "30 November 2026", never "11/30/26" or "2026-11-30".
"""

import re
from datetime import datetime

import pytest

from eservices.database import SWEDEN
from tests.browser.conftest import (
    PHONE_WIDTH,
    click_and_check,
    switch_language,
    ui_login_resident,
    ui_login_staff,
    visit,
)
from tests.conftest import PASSWORD

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Dates written another way than the site's, as browsers and locales like to.
OTHER_DATES = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 11/30/26
    r"|\b\d{4}-\d{2}-\d{2}\b"  # 2026-11-30
    rf"|\b(?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}"  # November 30, 2026
)


def day(moment):
    """How the site writes the day of ``moment`` in English: "30 November 2026"."""
    local = moment.astimezone(SWEDEN)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def day_and_time(moment):
    """ "30 November 2026 at 20:40", in Swedish time."""
    return f"{day(moment)} at {moment.astimezone(SWEDEN):%H:%M}"


def summary_value(page, term):
    """The text beside ``term`` in the page's first summary list that has it."""
    row = page.locator(".summary-list > div", has=page.locator("dt", has_text=term)).first
    return row.locator("dd").inner_text().strip()


def assert_dates_are_british(page):
    """No date on the page is written in any other format."""
    text = page.locator("main").inner_text()
    assert OTHER_DATES.findall(text) == [], page.url


@pytest.fixture
def phone(new_page):
    """A page the size of a small phone."""
    return new_page(viewport={"width": PHONE_WIDTH, "height": 800})


def test_a_resident_reads_their_case_in_english_on_a_phone(
    phone, live_server, db, make_case, resident, handler
):
    case = make_case(applicant=resident)
    received: datetime = case.submitted_at
    visit(phone, "/")
    switch_language(phone, "English")
    ui_login_resident(phone, live_server, "19900315-2387", "Anna", "Andersson")
    assert phone.locator("h1").inner_text() == "My pages"
    assert f"Received {day(received)}" in phone.locator("main").inner_text()
    assert_dates_are_british(phone)

    click_and_check(phone, phone.get_by_role("link", name=case.number))
    assert summary_value(phone, "Received") == day_and_time(received)
    assert f"By {day(case.due_at)}" in summary_value(phone, "Expected decision")
    assert_dates_are_british(phone)

    visit(phone, f"/kvitto/{case.number}")
    assert phone.locator(".confirmation .case-number").inner_text() == case.number
    assert summary_value(phone, "Received") == day_and_time(received)
    assert_dates_are_british(phone)


def test_a_handler_works_the_queue_in_english_on_a_phone(
    phone, live_server, db, make_case, handler
):
    case = make_case()
    visit(phone, "/")
    switch_language(phone, "English")
    ui_login_staff(phone, live_server, handler.login_email, PASSWORD)
    visit(phone, "/handlaggning/")
    row = phone.locator("tbody tr", has=phone.get_by_role("link", name=case.number))
    assert day(case.submitted_at) in row.inner_text()
    assert_dates_are_british(phone)

    click_and_check(phone, phone.get_by_role("link", name=case.number))
    assert summary_value(phone, "Received").startswith(day_and_time(case.submitted_at))
    assert summary_value(phone, "Due").startswith(day(case.due_at))
    assert_dates_are_british(phone)
