"""A moderator works the queue in the browser; residents read the rules and report.

The kind of item is the notice board registered only in the moderation tests.
"""

import pytest

from eservices.moderation import reports
from eservices.moderation.registry import register_kind
from tests.browser.conftest import click_and_check, submit, switch_language, ui_login_staff, visit
from tests.conftest import PASSWORD
from tests.moderation.conftest import KIND, NoticeBoard


@pytest.fixture
def board(app):
    """The notice board of the moderation tests, registered on the live app."""
    notices = NoticeBoard()
    register_kind(app, notices.kind())
    return notices


def test_a_moderator_sees_the_flag_and_rejects_citing_a_rule(
    page, live_server, db, board, make_staff
):
    notice, _item = board.submit(db, title="Ring oss", body="Ring 070-123 45 67 om bänkarna.")
    moderator = make_staff(role="moderator")
    ui_login_staff(page, live_server, moderator.login_email, PASSWORD)
    click_and_check(page, page.locator(".site-nav a[href='/moderering/']"))
    assert "Telefonnummer" in page.locator("main table").inner_text()

    click_and_check(page, page.get_by_role("link", name="Ring oss"))
    mark = page.locator("main mark.flagged")
    assert mark.count() == 1 and mark.is_visible()
    assert mark.inner_text().startswith("070-123 45 67")

    click_and_check(page, page.get_by_role("button", name="Ta inlägget"))
    click_and_check(page, page.get_by_role("link", name="Avslå"))
    page.get_by_label("Kommentar till skribenten").fill("Skriv inte ditt nummer.")
    submit(page, "main form")
    assert page.title().startswith("Fel:")
    assert page.locator(".error-summary a[href='#rules']").is_visible()
    assert page.input_value("textarea[name=note]") == "Skriv inte ditt nummer."

    page.get_by_label("Uppgifter om andra personer").check()
    submit(page, "main form")
    assert "Avslaget." in page.locator(".notices").inner_text()
    assert notice.state == "rejected"


def test_a_moderator_reviews_reports_and_reads_the_overview(
    page, live_server, db, board, make_staff
):
    notice = board.publish(db, title="Anmält anslag")
    for ip in ("1", "2", "3"):
        reports.report(KIND, notice.id, "Kränkande", ip=ip)
    moderator = make_staff(role="moderator")
    ui_login_staff(page, live_server, moderator.login_email, PASSWORD)
    visit(page, "/moderering/anmalningar")
    click_and_check(page, page.get_by_role("link", name="Anmält anslag"))
    click_and_check(page, page.get_by_role("link", name="Behåll det"))
    submit(page, "main form")
    assert "Anmälningarna är stängda" in page.locator(".notices").inner_text()
    click_and_check(page, page.get_by_role("link", name="Översikt"))
    assert "Tid till beslut" in page.locator("main").inner_text()


@pytest.mark.parametrize("path", ["/e-forslag/regler", "/ungdomsval/regler"])
def test_the_rules_pages_are_accessible_in_both_languages(page, path):
    visit(page, path)
    assert page.locator("h1").count() == 1
    switch_language(page, "English")
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_visitor_reports_a_notice_and_is_told_what_is_missing(page, db, board):
    notice = board.publish(db)
    visit(page, f"/anmal/{KIND}/{notice.id}")
    submit(page, "main form")
    assert page.title().startswith("Fel:")
    assert page.locator("#reason-error").is_visible()
    page.fill("textarea[name=reason]", "Reklam för ett företag")
    submit(page, "main form")
    assert [r.reason for r in reports.open_reports(KIND, notice.id)] == ["Reklam för ett företag"]
