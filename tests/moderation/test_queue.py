"""The queue: submitting, claiming, deciding and parking, with a kind that plugs in."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.moderation import services
from eservices.moderation.models import (
    APPROVED,
    CHANGES_REQUESTED,
    REJECTED,
    WITHDRAWN,
    ModerationItem,
)
from eservices.moderation.registry import Kind, KindError, register_kind
from eservices.notifications.models import OutboxMessage
from tests.moderation.conftest import KIND


def outbox(db):
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def audit_actions(db):
    return [
        event.action for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_a_submitted_item_waits_with_its_title_and_flags(db, board):
    _notice, item = board.submit(
        db, title="Ring mig", body="Ring 070-123 45 67 eller mejla a@b.se"
    )
    assert item.is_waiting
    assert item.title == "Ring mig"
    assert item.flags == ["phone", "email"]


def test_a_near_duplicate_of_an_open_item_is_flagged(db, board):
    board.publish(db, title="Fler bänkar i Slottsskogen", body="Det behövs fler bänkar.")
    _notice, item = board.submit(db, title="Fler bänkar i Slottsskogen", body="Bänkar behövs.")
    assert item.flags == ["similar"]


def test_an_item_submitted_again_keeps_its_place_and_is_screened_again(db, board):
    notice, item = board.submit(db, body="Ring 070-123 45 67")
    received = item.submitted_at
    notice.body = "Inga nummer längre"
    again = services.submit(KIND, notice.id)
    db.session.commit()
    assert again.id == item.id
    assert again.submitted_at == received
    assert again.flags == []


def test_an_unknown_kind_or_item_is_refused(db, board):
    with pytest.raises(services.ModerationError) as unknown:
        services.submit("unknown", "1")
    assert unknown.value.code == "unknown_kind"
    with pytest.raises(services.ModerationError) as gone:
        services.submit(KIND, "404")
    assert gone.value.code == "gone"


def test_a_kind_is_registered_once_and_must_follow_rulebook_rules(app, board):
    with pytest.raises(KindError, match="already registered"):
        register_kind(app, board.kind())
    with pytest.raises(KindError, match="not one of the rulebook's kinds"):
        register_kind(app, Kind("x", "X", board.load, board.show, None, None, rules="ballot"))


def test_approving_publishes_with_the_kinds_field_audits_and_e_mails(db, board, moderator):
    notice, item = board.submit(db)
    services.claim(item, moderator)
    decision = services.decide(item, APPROVED, moderator, extra="centrum")
    assert notice.state == "published"
    assert notice.board == "centrum"
    assert decision.item.outcome == APPROVED
    assert item.decided_by_id == moderator.id
    assert audit_actions(db)[-1] == "moderation.approved"
    [message] = outbox(db)
    assert message.to_address == "anna@example.se"
    assert message.subject == "”Fler bänkar i Slottsskogen” är godkänt"


def test_rejecting_cites_rules_that_apply_to_the_kind(db, board, moderator):
    notice, item = board.submit(db)
    with pytest.raises(services.ModerationError) as none:
        services.decide(item, REJECTED, moderator)
    assert none.value.code == "no_rules"
    with pytest.raises(services.ModerationError) as wrong:
        # A rule for candidate profiles only: not one a notice can break.
        services.decide(item, REJECTED, moderator, rule_ids=["egna-kontaktuppgifter"])
    assert wrong.value.code == "unknown_rule"
    assert item.is_waiting

    services.decide(
        item, REJECTED, moderator, rule_ids=["dubblett", "otydligt"], note="Se förslag 12."
    )
    assert notice.state == "rejected"
    assert [rule.id for rule in notice.decisions[0].rules] == ["dubblett", "otydligt"]
    assert item.rule_ids == ["dubblett", "otydligt"]
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.object_type, event.object_id) == (
        "moderation.rejected", KIND, notice.id,
    )  # fmt: skip
    assert event.details["rules"] == ["dubblett", "otydligt"]
    body = outbox(db)[0].body_text
    assert "Det finns redan ett öppet förslag om samma sak:" in body
    assert "Otydligt förslag:" in body
    assert "Se förslag 12." in body


def test_requesting_changes_needs_a_note_and_a_resubmission_starts_a_new_round(
    db, board, moderator
):
    notice, item = board.submit(db)
    with pytest.raises(services.ModerationError) as empty:
        services.decide(item, CHANGES_REQUESTED, moderator, note="  ")
    assert empty.value.code == "no_note"
    services.decide(item, CHANGES_REQUESTED, moderator, note="Skriv var bänkarna ska stå.")
    assert notice.state == "draft"
    again = services.submit(KIND, notice.id)
    db.session.commit()
    assert again.id != item.id and again.is_waiting
    assert [r.outcome for r in services.history(KIND, notice.id)] == [CHANGES_REQUESTED, None]


def test_a_colleagues_fresh_claim_keeps_others_off_until_it_lapses(
    db, board, moderator, colleague
):
    _notice, item = board.submit(db)
    services.claim(item, moderator)
    for attempt in (
        lambda: services.claim(item, colleague),
        lambda: services.decide(item, APPROVED, colleague),
        lambda: services.park(item, colleague, "Väntar"),
    ):
        with pytest.raises(services.ModerationError) as refused:
            attempt()
        assert refused.value.code == "claimed"
    assert services.claim_holder(item) == moderator

    later = utcnow() + timedelta(minutes=31)  # the rulebook's claim_minutes is 30
    assert services.claim_holder(item, now=later) is None
    services.claim(item, colleague, now=later)
    assert item.claimed_by_id == colleague.id


def test_releasing_a_claim_frees_the_item(db, board, moderator, colleague):
    _notice, item = board.submit(db)
    services.claim(item, moderator)
    services.release(item, colleague)  # not theirs: nothing happens
    assert item.claimed_by_id == moderator.id
    services.release(item, moderator)
    assert item.claimed_by_id is None
    services.claim(item, colleague)


def test_a_decided_item_cannot_be_decided_or_claimed_again(db, board, moderator, colleague):
    _notice, item = board.submit(db)
    services.decide(item, APPROVED, moderator)
    for attempt in (
        lambda: services.decide(item, REJECTED, colleague, rule_ids=["otydligt"]),
        lambda: services.claim(item, colleague),
    ):
        with pytest.raises(services.ModerationError) as refused:
            attempt()
        assert refused.value.code == "decided"


def test_a_failing_callback_rolls_the_whole_decision_back(db, board, moderator):
    notice, item = board.submit(db)
    board.fail_on_approve = True
    with pytest.raises(RuntimeError):
        services.decide(item, APPROVED, moderator)
    db.session.expire_all()
    assert db.session.get(ModerationItem, item.id).is_waiting
    assert "moderation.approved" not in audit_actions(db)
    assert outbox(db) == []
    assert notice.state == "waiting"


def test_parking_takes_an_item_out_of_the_queue_and_unparking_puts_it_back(db, board, moderator):
    _first, parked = board.submit(db)
    _second, waiting = board.submit(db, title="Annat")
    services.park(parked, moderator, "Väntar på besked från juristen")
    assert [item.id for item in services.queue().items] == [waiting.id]
    assert [item.id for item in services.queue(parked=True).items] == [parked.id]
    with pytest.raises(services.ModerationError):
        services.park(parked, moderator, "Igen")
    services.unpark(parked, moderator)
    assert [item.id for item in services.queue().items] == [parked.id, waiting.id]
    with pytest.raises(services.ModerationError) as again:
        services.unpark(parked, moderator)
    assert again.value.code == "not_parked"
    assert audit_actions(db)[-2:] == ["moderation.parked", "moderation.unparked"]


def test_the_queue_is_oldest_first_and_leaves_out_decided_items(db, board, moderator):
    _a, newer = board.submit(db, title="Nyare")
    _b, older = board.submit(db, title="Äldre")
    _c, decided = board.submit(db, title="Klar")
    older.submitted_at = utcnow() - timedelta(days=3)
    db.session.commit()
    services.decide(decided, APPROVED, moderator)
    assert [item.title for item in services.queue().items] == ["Äldre", "Nyare"]


def test_withdrawing_settles_the_waiting_round(db, board, moderator):
    notice, item = board.submit(db)
    services.withdraw(KIND, notice.id)
    db.session.commit()
    assert item.outcome == WITHDRAWN
    assert services.queue().items == []
    assert services.withdraw(KIND, notice.id) is None


def _race(app, db, workers, action):
    """Run action(n) in ``workers`` threads released together at a barrier."""
    barrier, outcomes = threading.Barrier(workers, timeout=60), []

    def run(n):
        with app.app_context():
            try:
                barrier.wait()
                action(n)
                outcomes.append("ok")
            except services.ModerationError as exc:
                outcomes.append(exc.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_moderators_claiming_at_once_get_the_item_exactly_once(app, db, board, make_staff):
    _notice, item = board.submit(db)
    moderator_ids = [make_staff(role="moderator").id for _ in range(6)]
    item_id = item.id

    def take(n):
        from eservices.accounts.models import User

        services.claim(
            db.session.get(ModerationItem, item_id), db.session.get(User, moderator_ids[n])
        )

    outcomes = _race(app, db, 6, take)
    assert sorted(outcomes) == ["claimed"] * 5 + ["ok"]
    db.session.expire_all()
    assert db.session.get(ModerationItem, item_id).claimed_by_id in moderator_ids


def test_moderators_deciding_at_once_decide_exactly_once(app, db, board, make_staff):
    notice, item = board.submit(db)
    moderator_ids = [make_staff(role="moderator").id for _ in range(6)]
    item_id = item.id

    def decide(n):
        from eservices.accounts.models import User

        found = db.session.get(ModerationItem, item_id)
        moderator = db.session.get(User, moderator_ids[n])
        if n % 2:
            services.decide(found, APPROVED, moderator)
        else:
            services.decide(found, REJECTED, moderator, rule_ids=["otydligt"])

    outcomes = _race(app, db, 6, decide)
    assert outcomes.count("ok") == 1, outcomes
    assert len(notice.decisions) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    decided = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("moderation.%"))
    )
    assert decided == 1
