"""A draft lives as long as it is worked on: each step saved moves its expiry on."""

from datetime import timedelta

from sqlalchemy import select

from eservices.database import utcnow
from eservices.submissions.models import Draft
from tests.fault_report import post


def test_saving_a_step_moves_the_expiry_a_full_period_on(app, db, client, units):
    post(client, "/e-tjanster/felanmalan/ansok", {})
    draft = db.session.scalar(select(Draft))
    draft.expires_at = utcnow() + timedelta(hours=1)
    db.session.commit()

    saved = post(
        client, "/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"}
    )

    assert saved.headers["Location"].endswith("/steg/2")
    db.session.expire_all()
    draft = db.session.scalar(select(Draft))
    assert draft.answers["category"] == "klotter"
    period = timedelta(days=app.config["DRAFT_DAYS"])
    assert utcnow() + period - timedelta(minutes=5) < draft.expires_at <= utcnow() + period
