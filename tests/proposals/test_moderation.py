"""Each moderation decision changes the proposal, is audited and is e-mailed to its author."""

from datetime import timedelta

from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.moderation import services as moderation
from eservices.moderation.models import ModerationItem
from eservices.notifications.models import OutboxMessage
from eservices.notifications.services import text_of
from tests.conftest import check_page, post_form


def _waiting(db, proposal):
    return db.session.scalar(
        select(ModerationItem).where(
            ModerationItem.object_id == str(proposal.id), ModerationItem.decided_at.is_(None)
        )
    )


def _mail(db):
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_approval_publishes_it_for_the_committee_suggested_by_its_category(
    app, db, make_proposal, committee, moderator_client, client
):
    proposal = make_proposal(status="submitted")
    item = _waiting(db, proposal)
    form = moderator_client.get(f"/moderering/{item.id}/godkann")
    check_page(form)
    # The category's committee (moderation/categories.yaml) is chosen already.
    assert f'<option selected value="{committee.id}">' in form.text or (
        f'value="{committee.id}" selected' in form.text
    )
    post_form(moderator_client, f"/moderering/{item.id}/godkann", {"extra": str(committee.id)})
    db.session.expire_all()
    assert (proposal.status, proposal.committee_id) == ("published", committee.id)
    assert proposal.closes_at - proposal.published_at == timedelta(days=90)
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "proposal.published"))
        is not None
    )
    (mail,) = _mail(db)
    assert mail.to_address == "anna@example.se"
    assert "Fler bänkar i Slottsskogen" in mail.subject
    with app.app_context():
        assert f"/e-forslag/{proposal.id}-fler-bankar-i-slottsskogen" in text_of(mail)
    assert "Fler bänkar i Slottsskogen" in client.get("/e-forslag/").text


def test_rejection_shows_its_rules_and_their_explanations_on_the_public_page(
    app, db, make_proposal, moderator, client
):
    proposal = make_proposal(status="submitted")
    with app.test_request_context():
        moderation.decide(
            _waiting(db, proposal), "rejected", moderator,
            rule_ids=["otydligt", "kommersiellt"], note="Skriv vad kommunen ska göra.",
        )  # fmt: skip
    db.session.expire_all()
    assert proposal.status == "rejected"
    assert proposal.rule_ids == ["kommersiellt", "otydligt"]  # in the rulebook's order
    page = client.get(f"/e-forslag/{proposal.id}-{proposal.slug}")
    check_page(page)
    assert "Otydligt förslag" in page.text or "Unclear proposal" in page.text
    assert "regel-otydligt" in page.text and "regel-kommersiellt" in page.text
    # Only the title and the rules are public; the text is not.
    assert "Parken behöver fler bänkar" not in page.text
    (mail,) = _mail(db)
    assert "Skriv vad kommunen ska göra." in mail.body_text


def test_request_changes_makes_it_editable_and_resubmittable(
    app, db, make_proposal, moderator, resident_client
):
    proposal = make_proposal(status="submitted")
    with app.test_request_context():
        moderation.decide(
            _waiting(db, proposal), "changes_requested", moderator, note="Ta bort namnet."
        )
    db.session.expire_all()
    assert proposal.status == "changes_requested"
    preview = resident_client.get(f"/e-forslag/{proposal.id}/granska")
    check_page(preview)
    assert "Ta bort namnet." in preview.text
    edited = post_form(
        resident_client,
        f"/e-forslag/{proposal.id}/andra",
        {"title": "Fler bänkar", "body": "Nu utan namn: fler bänkar i parken, tack.",
         "category": "parker-och-natur", "area": "centrum"},
    )  # fmt: skip
    assert edited.status_code == 302
    post_form(resident_client, f"/e-forslag/{proposal.id}/granska", {"accept_rules": "y"})
    db.session.expire_all()
    assert proposal.status == "submitted"
    rounds = db.session.scalars(
        select(ModerationItem).where(ModerationItem.object_id == str(proposal.id))
    ).all()
    assert [r.outcome for r in rounds] == ["changes_requested", None]
    assert rounds[-1].title == "Fler bänkar"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "proposal.changes_requested" in actions and "proposal.resubmitted" in actions


def test_a_submitted_proposal_cannot_be_edited(db, make_proposal, resident_client):
    proposal = make_proposal(status="submitted")
    assert resident_client.get(f"/e-forslag/{proposal.id}/andra").status_code == 403


def test_the_moderator_sees_a_phone_number_flagged(app, db, make_proposal, moderator_client):
    proposal = make_proposal(status="submitted", body="Ring mig på 070-123 45 67 om bänkarna.")
    item = _waiting(db, proposal)
    assert "phone" in item.flags
    page = moderator_client.get(f"/moderering/{item.id}")
    check_page(page)
    assert "<mark" in page.text and "070-123 45 67" in page.text
