"""A resident writes a proposal, previews it, accepts the rules and sends it in."""

import io

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.moderation.models import ModerationItem
from eservices.proposals import services
from eservices.proposals.models import Proposal
from tests.conftest import check_page, csrf_token, post_form

from .conftest import BODY

# The smallest PNG there is: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _fields(**overrides):
    return {
        "title": "Fler bänkar i Slottsskogen",
        "body": BODY,
        "category": "parker-och-natur",
        "area": "centrum",
        "image_alt": "",
        **overrides,
    }


def _write(client, **overrides):
    return post_form(client, "/e-forslag/nytt", _fields(**overrides))


def test_a_draft_is_kept_and_sent_in_to_the_moderation_queue(
    app, db, anna, committee, resident_client
):
    response = _write(resident_client)
    assert response.status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert (proposal.status, proposal.proposer_id, proposal.title) == (
        "draft",
        anna.id,
        "Fler bänkar i Slottsskogen",
    )
    preview = resident_client.get(response.location)
    check_page(preview)
    assert "Parken behöver fler bänkar" in preview.text

    # Sending without accepting the rules is refused next to the box.
    refused = post_form(resident_client, response.location, {})
    check_page(refused, 400)
    assert 'id="accept_rules-error"' in refused.text
    db.session.expire_all()
    assert proposal.status == "draft"

    sent = post_form(resident_client, response.location, {"accept_rules": "y"})
    assert sent.status_code == 302
    db.session.expire_all()
    assert proposal.status == "submitted"
    item = db.session.scalar(select(ModerationItem))
    assert (item.kind, item.object_id, item.decided_at) == ("proposal", str(proposal.id), None)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "proposal.created" in actions and "proposal.submitted" in actions

    mine = resident_client.get("/mina-sidor/mina-forslag")
    check_page(mine)
    assert "Being checked by a moderator" in mine.text or "Granskas av en moderator" in mine.text


def test_similar_open_proposals_are_shown_before_sending(
    db, anna, bertil, make_proposal, resident_client
):
    other = make_proposal(author=bertil, status="published", title="Bänkar i Slottsskogen behövs")
    make_proposal(author=bertil, status="published", title="Ny simhall", body="Bygg en simhall.")
    draft = make_proposal()
    page = resident_client.get(f"/e-forslag/{draft.id}/granska")
    check_page(page)
    assert f"/e-forslag/{other.id}-" in page.text
    assert "Ny simhall" not in page.text


def test_an_empty_title_and_an_over_long_text_get_errors_beside_the_fields_with_input_kept(
    db, anna, resident_client
):
    long_body = "å" * 5001
    response = _write(resident_client, title="", body=long_body)
    check_page(response, 400)
    assert 'id="title-error"' in response.text
    assert 'id="body-error"' in response.text
    assert "5000" in response.text
    assert long_body in response.text  # what was typed is kept
    assert response.text.count("Parker och natur") >= 1
    assert db.session.scalar(select(Proposal)) is None


def test_an_unknown_category_is_an_error_not_a_crash(db, anna, resident_client):
    response = _write(resident_client, category="finns-inte")
    check_page(response, 400)
    assert 'id="category-error"' in response.text


def test_an_image_is_checked_by_its_content_and_needs_a_description(
    app, db, anna, resident_client
):
    fake = _fields(image=(io.BytesIO(b"<script>alert(1)</script>"), "bild.png"))
    page = resident_client.get("/e-forslag/nytt")
    fake["csrf_token"] = csrf_token(page.text)
    response = resident_client.post("/e-forslag/nytt", data=fake)
    check_page(response, 400)
    assert 'id="image-error"' in response.text

    undescribed = _fields(image=(io.BytesIO(PNG), "bild.png"), csrf_token=csrf_token(page.text))
    response = resident_client.post("/e-forslag/nytt", data=undescribed)
    check_page(response, 400)
    assert 'id="image_alt-error"' in response.text

    described = _fields(
        image=(io.BytesIO(PNG), "bild.png"),
        image_alt="En parkbänk",
        csrf_token=csrf_token(page.text),
    )
    assert resident_client.post("/e-forslag/nytt", data=described).status_code == 302
    proposal = db.session.scalar(select(Proposal))
    assert (proposal.image_content_type, proposal.image_alt) == ("image/png", "En parkbänk")
    image = resident_client.get(f"/e-forslag/{proposal.id}/bild")
    assert (image.status_code, image.data) == (200, PNG)


def test_the_monthly_limit_stops_a_new_proposal_but_not_a_resubmission(
    app, db, anna, make_proposal, monkeypatch
):
    monkeypatch.setattr(services, "monthly_limit", lambda: 1)
    # Sent in this month already, and sent back.
    sent_back = make_proposal(status="changes_requested", submitted_at=utcnow())
    fresh = make_proposal()
    with app.test_request_context():
        with pytest.raises(services.ProposalError) as refused:
            services.submit(fresh, anna, accepted_rules=True)
        assert refused.value.code == "monthly_limit"
        services.submit(sent_back, anna, accepted_rules=True)
    assert sent_back.status == "submitted"


def test_organisations_and_staff_cannot_propose(app, db, moderator):
    with app.test_request_context(), pytest.raises(services.ProposalError):
        services.save_draft(
            None, moderator, title="T", body=BODY, category="ovrigt", area="centrum"
        )


def test_a_draft_can_be_deleted_after_a_confirmation(db, anna, make_proposal, resident_client):
    draft_id = make_proposal().id
    check_page(resident_client.get(f"/e-forslag/{draft_id}/radera"))
    post_form(resident_client, f"/e-forslag/{draft_id}/radera", {})
    db.session.expire_all()
    assert db.session.scalar(select(Proposal).where(Proposal.id == draft_id)) is None
