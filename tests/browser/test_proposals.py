"""A resident writes a proposal with a phone number in it; the moderator sees the flag and
approves it; everyone can then read it. A resident comments on a proposal, a visitor
reports the comment, and its author deletes it. axe checks every page on the way."""

from datetime import timedelta

from sqlalchemy import select

from eservices.database import utcnow
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


def test_a_resident_comments_a_visitor_reports_it_and_the_author_deletes_it(
    new_page, live_server, db, make_committee, make_resident
):
    committee = make_committee(slug="stadsmiljonamnden", name_sv="Stadsmiljönämnden")
    bertil = make_resident(pnr="19811218-9876", given_name="Bertil", family_name="Berg")
    now = utcnow()
    proposal = Proposal(
        title="Fler bänkar i Slottsskogen", slug="fler-bankar-i-slottsskogen",
        body="Parken behöver fler bänkar så att äldre kan vila.", category="parker-och-natur",
        area="centrum", status="published", proposer_id=bertil.id, proposer_name="Bertil Berg",
        committee_id=committee.id, published_at=now, decided_at=now,
        closes_at=now + timedelta(days=90),
    )  # fmt: skip
    db.session.add(proposal)
    db.session.commit()
    page_url = f"/e-forslag/{proposal.id}-{proposal.slug}"
    comment_form = "form:has(textarea[name=body])"

    resident = new_page()
    ui_login_resident(resident, live_server, "19900315-2387", "Anna", "Andersson")
    visit(resident, page_url)
    submit(resident, comment_form)  # empty: an error beside the field
    assert resident.title().startswith("Fel:")
    assert resident.locator("#body-error").is_visible()
    resident.fill("textarea[name=body]", "Bra förslag! Gärna vid dammen.")
    submit(resident, comment_form)
    assert "Din kommentar är publicerad." in resident.locator(".notices").inner_text()
    assert "Bra förslag! Gärna vid dammen." in resident.locator("#kommentarer").inner_text()

    visitor = new_page()
    visit(visitor, page_url)
    click_and_check(visitor, visitor.get_by_role("link", name="Anmäl kommentaren"))
    visitor.fill("textarea[name=reason]", "Handlar inte om förslaget")
    submit(visitor, "main form")
    assert "Tack." in visitor.locator(".notices").inner_text()
    assert "/e-forslag/" in visitor.url

    click_and_check(resident, resident.get_by_role("link", name="Ta bort din kommentar"))
    submit(resident, "main form")
    assert "Kommentaren har tagits bort." in resident.locator("#kommentarer").inner_text()
