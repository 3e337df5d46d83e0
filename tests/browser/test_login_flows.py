"""Residents and staff log in through the real pages, and see what their role allows."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (
    click_and_check,
    submit,
    switch_language,
    ui_login_resident,
    ui_login_staff,
    visit,
)
from tests.conftest import PASSWORD

ADMIN_PAGES = ["/admin/", "/admin/personal", "/admin/enheter", "/admin/namnder", "/admin/logg"]


def path_of(page):
    """The path (and query) the browser is showing."""
    url = urlsplit(page.url)
    return url.path + (f"?{url.query}" if url.query else "")


def logout_button(page):
    """The header's log-out button (found by its form, so in any language)."""
    return page.locator("header form[action$='/logga-ut'] button")


def test_resident_picks_a_test_person_edits_the_profile_and_logs_out(page):
    visit(page, "/logga-in")
    click_and_check(page, page.locator("main a[href$='/logga-in/test']"))

    click_and_check(page, page.locator("form[action$='/logga-in/test/199003152387'] button"))

    assert path_of(page) == "/mina-sidor/"
    main = page.locator("main")
    assert "Anna Andersson" in main.inner_text()
    assert "19900315-****" in main.inner_text()
    assert "199003152387" not in page.content()

    click_and_check(page, main.locator("a[href$='/mina-sidor/profil']"))
    page.fill("input[name=email]", "anna@example.se")
    page.fill("input[name=phone]", "070-123 45 67")
    page.fill("input[name=street_address]", "Storgatan 1")
    page.fill("input[name=postal_code]", "41138")
    page.fill("input[name=city]", "Göteborg")
    submit(page)

    assert path_of(page) == "/mina-sidor/profil"
    assert page.locator(".notice--success").is_visible()
    assert page.input_value("input[name=postal_code]") == "411 38"
    assert page.input_value("input[name=email]") == "anna@example.se"
    visit(page, "/mina-sidor/")
    details = page.locator("main .summary-list").inner_text()
    assert "anna@example.se" in details
    assert "070-123 45 67" in details
    assert "Storgatan 1, 411 38 Göteborg" in details

    click_and_check(page, logout_button(page))

    assert path_of(page) == "/"
    assert logout_button(page).count() == 0
    visit(page, "/mina-sidor/")
    assert urlsplit(page.url).path == "/logga-in"


def test_resident_logs_in_by_typing_a_test_person(page, live_server):
    ui_login_resident(page, live_server, "19780612-1237", "Maja", "Lind")

    assert path_of(page) == "/mina-sidor/"
    assert "Maja Lind" in page.locator("main").inner_text()
    assert "19780612-****" in page.locator("main").inner_text()
    assert "Maja Lind" in page.locator("header").inner_text()


@pytest.mark.parametrize("role", ["handler", "moderator", "admin"])
def test_staff_member_logs_in_and_reaches_what_the_role_allows(
    page, live_server, make_staff, role
):
    user = make_staff(role=role)

    ui_login_staff(page, live_server, user.login_email, PASSWORD)

    assert path_of(page) == "/personal"
    assert user.full_name in page.locator("main").inner_text()
    admin_link = page.locator("main a[href$='/admin/']")
    assert admin_link.count() == (1 if role == "admin" else 0)
    for path in ADMIN_PAGES:
        response = visit(page, path)
        assert response.status == (200 if role == "admin" else 403), path
        assert path_of(page) == path


def test_staff_login_with_a_wrong_password_is_refused(page, live_server, make_staff):
    user = make_staff(role="admin")

    ui_login_staff(page, live_server, user.login_email, "not-the-password")

    assert path_of(page) == "/personal/logga-in"
    assert page.locator(".error-summary").is_visible()
    assert page.input_value("input[name=email]") == user.login_email
    assert page.input_value("input[name=password]") == ""


def test_admin_creates_a_unit_and_a_case_handler_in_it(page, live_server, make_staff):
    admin = make_staff(role="admin")
    ui_login_staff(page, live_server, admin.login_email, PASSWORD)

    visit(page, "/admin/enheter")
    click_and_check(page, page.locator("main a[href$='/admin/enheter/ny']"))
    page.fill("input[name=name_sv]", "Park och natur")
    page.fill("input[name=name_en]", "Parks and nature")
    page.fill("input[name=slug]", "park-och-natur")
    submit(page)
    assert path_of(page) == "/admin/enheter"
    assert "park-och-natur" in page.locator("main table").inner_text()

    visit(page, "/admin/personal")
    click_and_check(page, page.locator("main a[href$='/admin/personal/ny']"))
    page.fill("input[name=given_name]", "Hanna")
    page.fill("input[name=family_name]", "Hansson")
    page.fill("input[name=email]", "hanna.hansson@example.se")
    page.get_by_label("Handläggare", exact=True).check()
    page.get_by_label("Park och natur", exact=True).check()
    submit(page)

    assert path_of(page).startswith("/admin/personal/")
    assert page.locator(".notice--success").is_visible()
    assert page.is_checked("input[name=roles][value=handler]")
    assert not page.is_checked("input[name=roles][value=admin]")
    assert page.get_by_label("Park och natur", exact=True).is_checked()

    visit(page, "/admin/personal")
    rows = page.locator("main table tbody tr", has_text="hanna.hansson@example.se")
    assert rows.count() == 1
    assert "Hanna Hansson" in rows.inner_text()
    assert "Handläggare" in rows.inner_text()

    visit(page, "/admin/logg")
    page.select_option("select[name=action]", "role.granted")
    submit(page)
    granted = page.locator("main table tbody tr", has_text="role: handler")
    assert granted.count() == 1
    assert "role.granted" in granted.inner_text()
    assert admin.full_name in granted.inner_text()


def test_switching_language_keeps_the_resident_logged_in_on_the_same_page(page, live_server):
    ui_login_resident(page, live_server, "19900315-2387", "Anna", "Andersson")
    visit(page, "/mina-sidor/profil")

    switch_language(page, "English")

    assert path_of(page) == "/mina-sidor/profil"
    assert page.locator("html").get_attribute("lang") == "en"
    assert logout_button(page).count() == 1
    assert "Anna Andersson" in page.locator("header").inner_text()

    switch_language(page, "Svenska")

    assert path_of(page) == "/mina-sidor/profil"
    assert page.locator("html").get_attribute("lang") == "sv"
    assert logout_button(page).count() == 1


def test_switching_language_keeps_the_address_with_its_query(page, live_server, make_staff):
    admin = make_staff(role="admin")
    ui_login_staff(page, live_server, admin.login_email, PASSWORD)
    visit(page, "/admin/logg?action=login.success")

    switch_language(page, "English")

    assert path_of(page) == "/admin/logg?action=login.success"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.input_value("select[name=action]") == "login.success"


def test_admin_sends_a_failed_e_mail_again(page, live_server, app, make_staff):
    from eservices.database import utcnow
    from eservices.extensions import db
    from eservices.notifications.models import FAILED, OutboxMessage

    admin = make_staff(role="admin")
    with app.app_context():
        db.session.add(
            OutboxMessage(
                to_address="asa@example.se",
                subject="Bekräfta din e-postadress",
                body_text="Hej Åsa",
                status=FAILED,
                attempts=10,
                last_error="SMTPRecipientsRefused: {'asa@example.se': (550, b'No such user')}",
                failed_at=utcnow(),
            )
        )
        db.session.commit()
    ui_login_staff(page, live_server, admin.login_email, PASSWORD)

    visit(page, "/admin/")
    click_and_check(page, page.locator("main a[href$='/admin/e-post']"))
    row = page.locator("main table tbody tr", has_text="asa@example.se")
    assert "550" in row.inner_text()
    click_and_check(page, row.get_by_role("button"))

    assert path_of(page) == "/admin/e-post"
    assert page.locator(".notice--success").is_visible()
    assert page.locator("main table tbody tr", has_text="asa@example.se").count() == 0
    switch_language(page, "English")
    assert page.locator("h1").inner_text() == "E-mail that could not be sent"
