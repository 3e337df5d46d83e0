"""The rest of a proposal's life in the browser, from published to answered: supports up to
the threshold (the last one through the page), the committee's case in the secretary's
queue, the answer published, and the proposer's e-mail caught by a local SMTP server.

Called at the end of test_proposals.py's walk, with the proposal it published.
"""

from email import message_from_bytes
from email.policy import default

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.notifications import services as mail
from eservices.proposals import supports
from eservices.proposals.support_models import Forwarding
from tests.browser.conftest import (
    click_and_check,
    submit,
    ui_login_resident,
    ui_login_staff,
    visit,
)
from tests.conftest import PASSWORD
from tests.proposals.supports.helpers import personnummer, set_threshold
from tests.smtp import free_port, start_server

THRESHOLD = 3


def support_to_the_threshold_and_answer(app, db, new_page, live_server, proposal, make_staff):
    """Walk the proposal on from "published"; see the module docstring."""
    set_threshold(app, THRESHOLD)
    proposal.proposer.email = "anna@example.se"
    for n in range(1, THRESHOLD):
        person = accounts.get_or_create_resident(
            parsers.parse_personnummer(personnummer(n)), "Stödjare", f"Nummer{n}"
        )
        db.session.commit()
        supports.support(proposal, person)
    page_url = f"/e-forslag/{proposal.id}-{proposal.slug}"

    supporter = new_page()
    ui_login_resident(supporter, live_server, "19850730-2399", "Erik", "Johansson")
    visit(supporter, page_url)
    assert f"{THRESHOLD - 1} stöd" in supporter.locator("main").inner_text()
    click_and_check(supporter, supporter.get_by_role("button", name="Stöd förslaget"))
    text = supporter.locator("main").inner_text()
    assert "Tack för ditt stöd." in text
    assert "Lämnat till Stadsmiljönämnden" in text

    secretary = new_page()
    staff = make_staff(role="committee_secretary", committees=[proposal.committee])
    ui_login_staff(secretary, live_server, staff.login_email, PASSWORD)
    visit(secretary, "/handlaggning/")
    db.session.expire_all()
    number = db.session.get(Forwarding, proposal.id).case.number
    assert f"E-förslag: {proposal.title}" in secretary.locator("main table").inner_text()
    click_and_check(secretary, secretary.get_by_role("link", name=number))
    assert proposal.title in secretary.locator("main").inner_text()
    click_and_check(secretary, secretary.get_by_role("link", name="Registrera nämndens svar"))
    secretary.get_by_label("Genomförs", exact=True).check()
    secretary.get_by_label("Svaret").fill("Ett övergångsställe målas vid Mariaplan i vår.")
    secretary.get_by_label("Datum för beslutet").fill("2026-12-10")
    submit(secretary)
    assert "Svaret är publicerat." in secretary.locator(".notices").inner_text()

    # An anonymous reader is served the kept page for up to PAGE_CACHE_SECONDS; once it has
    # expired (here: emptied), the answer is on it.
    app.extensions["pagecache"].clear()
    reader = new_page()
    visit(reader, page_url)
    text = reader.locator("main").inner_text()
    assert "Genomförs" in text and "Ett övergångsställe målas vid Mariaplan i vår." in text

    port = free_port()
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    controller, collector = start_server(port)
    try:
        with app.app_context():
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
    assert any("går till Stadsmiljönämnden" in subject for subject in subjects), subjects
    answered = next(m for m in to_anna if "har svarat på" in m["Subject"])
    assert "Genomförs" in answered.get_content()
    assert page_url in answered.get_content()
