"""A resident's proposals in their data download, on account removal and in gallring."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.attachments import storage
from eservices.database import utcnow
from eservices.moderation.models import ModerationItem
from eservices.privacy import services as privacy
from eservices.proposals.models import Proposal
from eservices.retention import services as retention


def test_the_data_download_holds_every_proposal_with_its_state(app, db, anna, make_proposal):
    make_proposal(title="Mitt utkast")
    make_proposal(status="rejected", title="Avvisat", rule_ids=["otydligt"])
    with app.test_request_context():
        document = json.loads(privacy.export(anna, "sv").text)
    assert [(p["title"], p["status"]) for p in document["proposals"]] == [
        ("Mitt utkast", "draft"),
        ("Avvisat", "rejected"),
    ]
    assert document["proposals"][0]["category"] == "Parker och natur"


def test_removing_the_account_deletes_what_was_never_published_and_unlinks_the_rest(
    app, db, anna, make_proposal
):
    with app.app_context():
        key = storage.save(b"bild")
    draft_id = make_proposal(title="Utkast", image_key=key, image_content_type="image/png").id
    waiting_id = make_proposal(status="submitted", title="Väntar").id
    published = make_proposal(status="published", title="Publicerat")
    with app.test_request_context():
        privacy.remove_account(anna)
    db.session.expire_all()
    remaining = db.session.scalars(select(Proposal)).all()
    assert [p.id for p in remaining] == [published.id]
    assert (published.proposer_id, published.proposer_name) == (None, "")
    assert draft_id not in [p.id for p in remaining] and waiting_id not in [
        p.id for p in remaining
    ]
    item = db.session.scalar(
        select(ModerationItem).where(ModerationItem.object_id == str(waiting_id))
    )
    assert item.outcome == "withdrawn"
    with app.app_context(), pytest.raises(FileNotFoundError):
        storage.load(key)  # the image went with the draft


def test_old_untouched_drafts_are_deleted_by_the_retention_run(app, db, make_proposal):
    old = make_proposal(title="Gammalt utkast")
    old.updated_at = utcnow() - timedelta(days=31)
    db.session.commit()
    fresh = make_proposal(title="Nytt utkast")
    sent = make_proposal(status="submitted", title="Inskickat")
    sent.updated_at = utcnow() - timedelta(days=400)
    db.session.commit()
    old_id = old.id
    with app.app_context():
        dry = retention.run(dry_run=True)
        assert dry["proposal_drafts"].count == 1
        report = retention.run()
    assert report["proposal_drafts"].count == 1
    db.session.expire_all()
    ids = set(db.session.scalars(select(Proposal.id)))
    assert old_id not in ids and {fresh.id, sent.id} <= ids
