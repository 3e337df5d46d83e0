"""The whole conversation in the browser: a handler asks for more, the resident answers on
Mina sidor, the handler decides, the resident reads the decision, and the e-mail arrives.
"""

from email import message_from_bytes
from email.policy import default

import pytest

from eservices.notifications import services as mail
from tests.browser.conftest import (
    click_and_check,
    ui_login_resident,
    ui_login_staff,
    visit,
)
from tests.conftest import PASSWORD
from tests.fault_report import png
from tests.smtp import free_port, start_server


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def app_config(smtp_port):
    return {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port}


def test_completion_request_answer_and_decision(
    new_page, live_server, db, own_case, handler, smtp_port, tmp_path
):
    staff = new_page()
    ui_login_staff(staff, live_server, handler.login_email, PASSWORD)
    visit(staff, live_server + "/handlaggning/?vy=unassigned")
    click_and_check(staff, staff.get_by_role("link", name=own_case.number))
    click_and_check(staff, staff.get_by_role("button", name="Ta ärendet"))
    staff.get_by_label("En begäran om komplettering").check()
    staff.get_by_label("Text", exact=True).fill("Skicka en bild på klottret, tack.")
    click_and_check(staff, staff.get_by_role("button", name="Spara eller skicka"))
    assert "Komplettering begärd" in staff.locator("main").inner_text()

    resident = new_page()
    ui_login_resident(resident, live_server, "19900315-2387", "Anna", "Andersson")
    visit(resident, live_server + "/mina-sidor/")
    assert "1 nytt meddelande" in resident.locator("main").inner_text()
    click_and_check(resident, resident.get_by_role("link", name=own_case.number).first)
    assert "Skicka en bild på klottret, tack." in resident.locator("main").inner_text()
    click_and_check(resident, resident.get_by_role("button", name="Skicka ditt svar"))
    assert "Skriv ett svar eller välj en fil" in resident.locator("main").inner_text()
    photo = tmp_path / "klotter.png"
    photo.write_bytes(png())
    resident.get_by_label("Ditt svar").fill("Här är bilden.")
    resident.get_by_label("Filer").set_input_files(str(photo))
    click_and_check(resident, resident.get_by_role("button", name="Skicka ditt svar"))
    assert "Under handläggning" in resident.locator("main").inner_text()

    visit(staff, live_server + "/handlaggning/?vy=mine")
    assert "Svar inkommet" in staff.locator("main").inner_text()
    click_and_check(staff, staff.get_by_role("link", name=own_case.number))
    assert "klotter.png" in staff.locator("main").inner_text()
    staff.get_by_label("Bifall", exact=True).check()
    staff.get_by_label("Beslutstext").fill("Klottret tas bort inom en vecka.")
    click_and_check(staff, staff.get_by_role("button", name="Fatta beslut"))

    visit(resident, live_server + f"/mina-sidor/arenden/{own_case.number}")
    text = resident.locator("main").inner_text()
    assert "Bifall" in text and "Klottret tas bort inom en vecka." in text

    controller, collector = start_server(smtp_port)
    try:
        sent, failed = mail.send_due()
        collector.wait_for(sent)
    finally:
        controller.stop()
    assert failed == 0
    to_anna = [
        message_from_bytes(envelope.content, policy=default)
        for envelope in collector.messages
        if envelope.rcpt_tos == ["anna@example.se"]
    ]
    subjects = [message["Subject"] for message in to_anna]
    assert f"Beslut i ditt ärende {own_case.number}" in subjects
    assert f"Vi behöver mer information i ditt ärende {own_case.number}" in subjects
    decision = next(m for m in to_anna if m["Subject"].startswith("Beslut"))
    assert f"/mina-sidor/arenden/{own_case.number}" in decision.get_content()
