"""A resident writes a proposal with a phone number in it; the moderator sees the flag and
approves it; everyone can then read it. axe checks every page on the way."""

from sqlalchemy import select

from eservices.proposals.models import Proposal
from tests.browser.conftest import (
    click_and_check,
    submit,
    ui_login_resident,
    ui_login_staff,
    visit,
)
from tests.browser.proposal_threshold import support_to_the_threshold_and_answer
from tests.conftest import PASSWORD

TEXT = "Barn korsar gatan vid Mariaplan utan övergångsställe. Ring mig på 070-123 45 67."


def test_a_proposal_is_written_flagged_for_its_phone_number_and_approved(
    app, new_page, live_server, db, make_staff, make_committee
):
    committee = make_committee(slug="stadsmiljonamnden", name_sv="Stadsmiljönämnden")
    resident = new_page()
    ui_login_resident(resident, live_server, "19900315-2387", "Anna", "Andersson")
    visit(resident, "/e-forslag/")
    click_and_check(resident, resident.get_by_role("link", name="Skriv ett förslag").first)

    # An empty title is an error beside the field; what was typed stays.
    resident.fill("textarea[name=body]", TEXT)
    resident.select_option("select[name=category]", "trafik-och-gator")
    resident.select_option("select[name=area]", "sydvast")
    submit(resident)
    assert resident.title().startswith("Fel:")
    assert resident.locator("#title-error").is_visible()
    assert resident.input_value("textarea[name=body]") == TEXT

    resident.fill("input[name=title]", "Övergångsställe vid Mariaplan")
    submit(resident)
    assert "Granska och skicka in" in resident.locator("h1").inner_text()
    submit(resident)  # without accepting the rules
    assert resident.locator("#accept_rules-error").is_visible()
    resident.get_by_label("Jag har läst reglerna").check()
    submit(resident)
    assert "Granskas av en moderator" in resident.locator("main").inner_text()

    moderator = new_page()
    ui_login_staff(moderator, live_server, make_staff(role="moderator").login_email, PASSWORD)
    visit(moderator, "/moderering/")
    assert "Telefonnummer" in moderator.locator("main table").inner_text()
    click_and_check(moderator, moderator.get_by_role("link", name="Övergångsställe vid Mariaplan"))
    mark = moderator.locator("main mark.flagged")
    assert mark.first.is_visible()
    assert mark.first.inner_text().startswith("070-123 45 67")
    click_and_check(moderator, moderator.get_by_role("button", name="Ta inlägget"))
    click_and_check(moderator, moderator.get_by_role("link", name="Godkänn"))
    # The committee the category suggests is chosen already.
    assert moderator.input_value("select[name=extra]") == str(committee.id)
    submit(moderator)
    assert "Godkänt" in moderator.locator(".notices").inner_text()

    proposal = db.session.scalar(select(Proposal))
    db.session.refresh(proposal)
    assert (proposal.status, proposal.committee_id) == ("published", committee.id)
    visitor = new_page()
    visit(visitor, f"/e-forslag/{proposal.id}-{proposal.slug}")
    assert "Anna Andersson" in visitor.locator("main").inner_text()
    assert visitor.locator("#support-progress").is_visible()
    support_to_the_threshold_and_answer(app, db, new_page, live_server, proposal, make_staff)
