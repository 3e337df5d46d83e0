"""Reports: enough of them hide an item until a moderator keeps or removes it."""

import threading

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.moderation import reports, services
from eservices.moderation.models import KEPT, REMOVED, Report
from eservices.notifications.models import OutboxMessage
from tests.moderation.conftest import KIND


def report_from(addresses, notice):
    return [reports.report(KIND, notice.id, "Kränkande", ip=ip) for ip in addresses]


def test_the_third_reporter_hides_the_item(db, board):
    notice = board.publish(db)
    assert report_from(["10.0.0.1", "10.0.0.2"], notice) == [True, True]
    assert not reports.is_hidden(KIND, notice.id)
    report_from(["10.0.0.3"], notice)
    assert reports.is_hidden(KIND, notice.id)


def test_one_reporter_counts_once_however_often_they_report(db, board, make_resident):
    notice = board.publish(db)
    anna = make_resident()
    assert reports.report(KIND, notice.id, "Fel", anna) is True
    assert reports.report(KIND, notice.id, "Fel igen", anna, ip="10.0.0.9") is False
    assert report_from(["10.0.0.1", "10.0.0.1"], notice) == [True, False]
    assert not reports.is_hidden(KIND, notice.id)
    assert [r.reason for r in reports.open_reports(KIND, notice.id)] == ["Fel", "Kränkande"]


def test_the_address_is_kept_only_as_a_keyed_hash(db, board):
    notice = board.publish(db)
    report_from(["192.0.2.77"], notice)
    stored = db.session.scalar(select(Report))
    assert stored.reporter_key.startswith("ip:")
    assert "192.0.2.77" not in stored.reporter_key
    assert stored.reporter_id is None


def test_hidden_ids_answers_for_a_whole_list_at_once(db, board):
    first, second, third = (board.publish(db, title=t) for t in "ABC")
    report_from(["1", "2", "3"], first)
    report_from(["1"], second)
    assert reports.hidden_ids(KIND, [first.id, second.id, third.id]) == {first.id}


def test_keeping_closes_the_reports_and_shows_the_item_again(db, board, moderator):
    notice = board.publish(db)
    report_from(["1", "2", "3"], notice)
    reports.review(KIND, notice.id, KEPT, moderator)
    assert not reports.is_hidden(KIND, notice.id)
    assert notice.state == "published"
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert reports.reported_items() == ([], 0)
    # New reports count afresh, even from the same reporters.
    assert report_from(["1"], notice) == [True]


def test_removing_cites_rules_and_lets_the_kind_take_it_down(db, board, moderator):
    notice = board.publish(db)
    report_from(["1"], notice)
    with pytest.raises(services.ModerationError) as none:
        reports.review(KIND, notice.id, REMOVED, moderator)
    assert none.value.code == "no_rules"
    reports.review(KIND, notice.id, REMOVED, moderator, rule_ids=["krankande"], note="Hot.")
    assert notice.state == "removed"
    assert [rule.id for rule in notice.decisions[0].rules] == ["krankande"]
    message = db.session.scalar(select(OutboxMessage))
    assert "Kränkande eller diskriminerande" in message.body_text
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["moderation.reported", "moderation.report_removed"]


def test_reviewing_reports_that_are_already_reviewed_is_refused(db, board, moderator):
    notice = board.publish(db)
    report_from(["1"], notice)
    reports.review(KIND, notice.id, KEPT, moderator)
    with pytest.raises(services.ModerationError) as again:
        reports.review(KIND, notice.id, KEPT, moderator)
    assert again.value.code == "reviewed"


def test_the_reports_queue_lists_the_longest_waiting_first(db, board):
    first, second = board.publish(db, title="A"), board.publish(db, title="B")
    report_from(["1"], second)
    report_from(["1", "2"], first)
    rows, total = reports.reported_items()
    assert [(row.title, row.reports) for row in rows] == [("B", 1), ("A", 2)]
    assert total == 2


def test_two_moderators_removing_at_once_remove_once(app, db, board, make_staff):
    notice = board.publish(db)
    report_from(["1", "2"], notice)
    ids = [make_staff(role="moderator").id for _ in range(4)]
    barrier, outcomes = threading.Barrier(4, timeout=60), []

    def remove(n):
        from eservices.accounts.models import User

        with app.app_context():
            try:
                barrier.wait()
                moderator = db.session.get(User, ids[n])
                reports.review(KIND, notice.id, REMOVED, moderator, rule_ids=["krankande"])
                outcomes.append("ok")
            except services.ModerationError as exc:
                outcomes.append(exc.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=remove, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "reviewed", "reviewed", "reviewed"]
    assert len(notice.decisions) == 1
