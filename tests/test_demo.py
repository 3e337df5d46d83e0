"""Demo data: loading it twice changes nothing, and production never gets it."""

from sqlalchemy import func, select

from eservices import demo
from eservices.accounts.identity import TEST_PERSONS
from eservices.accounts.models import User
from eservices.audit.models import AuditEvent
from eservices.cases.models import Case
from eservices.organisation.models import Unit


def _counts(db):
    return [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Unit, AuditEvent, Case)
    ]


def test_demo_data_loads_once_and_a_second_run_changes_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "admin@example.se" in result.output
    first = _counts(db)
    # The staff, and the test e-ID's residents: Anna has cases, and all of them propose.
    assert first[0] == len(demo.STAFF) + len(TEST_PERSONS)
    assert first[1] == len(demo.UNITS) + len(demo.COMMITTEES)
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert _counts(db) == first


def test_demo_data_is_never_loaded_in_production(app, db):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "never loaded in production" in result.output
    assert _counts(db) == [0, 0, 0, 0]


def test_demo_accounts_can_log_in(app, db, client):
    demo.load()
    from tests.conftest import post_form

    response = post_form(
        client, "/personal/logga-in", {"email": "admin@example.se", "password": demo.DEMO_PASSWORD}
    )
    assert response.headers["Location"] == "/personal"


def test_the_demo_has_cases_in_every_state_for_the_queue_and_my_pages(app, db):
    demo.load()
    statuses = set(db.session.scalars(select(Case.status)))
    assert {"received", "in_progress", "awaiting_info", "decided"} <= statuses
    anna = db.session.scalar(select(User).where(User.given_name == "Anna"))
    assert db.session.scalar(select(func.count()).where(Case.applicant_id == anna.id)) >= 3


def test_each_demo_case_has_its_history_on_its_own_days(app, db):
    from eservices.cases.models import CaseEvent, CaseMessage
    from eservices.database import utcnow

    demo.load()
    for case in db.session.scalars(select(Case)):
        events = db.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
        messages = db.session.scalars(select(CaseMessage).where(CaseMessage.case_id == case.id))
        # "Received 27 November" has its history from 27 November on, not from the day the
        # demo was loaded, in the order it happened.
        assert events[0].kind == "received" and events[0].created_at == case.submitted_at
        times = [event.created_at for event in events]
        assert times == sorted(times) and times[-1] < utcnow()
        assert all(message.created_at >= case.submitted_at for message in messages)
        if case.decided_at:
            assert events[-1].created_at == case.decided_at
        assert case.number.startswith(f"{case.submitted_at.year}-")


def test_the_demo_has_proposals_in_every_state_and_a_queue_for_the_moderator(app, db):
    from eservices.moderation import services as moderation
    from eservices.proposals.models import Proposal

    demo.load()
    proposals = db.session.scalars(select(Proposal)).all()
    assert {p.status for p in proposals} >= {
        "draft", "submitted", "changes_requested", "rejected", "published", "closed",
    }  # fmt: skip
    threshold = 200
    assert any(threshold - 10 <= p.support_count < threshold for p in proposals)
    with app.test_request_context():
        waiting = moderation.queue().items
    assert len(waiting) == 3
    assert any("phone" in item.flags for item in waiting)
    assert any("similar" in item.flags for item in waiting)


def test_the_demo_has_comments_and_a_reported_one_in_the_moderators_reports_queue(app, db):
    from eservices.moderation import reports
    from eservices.proposals.comment_models import ProposalComment

    demo.load()
    comments = db.session.scalars(select(ProposalComment)).all()
    assert sum(c.is_shown for c in comments) >= 5
    assert any(c.deleted_at for c in comments)
    with app.test_request_context():
        reported, _total = reports.reported_items()
        assert [row.kind for row in reported] == ["comment"]
        assert reports.is_hidden("comment", reported[0].object_id)
