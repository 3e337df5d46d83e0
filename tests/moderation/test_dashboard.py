"""The dashboard's figures and the public notice when the queue is past its target."""

from datetime import UTC, datetime, timedelta

from eservices.moderation import dashboard, services
from eservices.moderation.models import APPROVED

# A Monday in an ordinary week: the target of five working days ends on the next Monday.
MONDAY = datetime(2026, 9, 7, 10, tzinfo=UTC)


def test_percentile_is_nearest_rank():
    assert dashboard.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert dashboard.percentile([5], 0.9) == 5
    assert dashboard.percentile([4, 1, 3, 2], 0.5) == 2


def test_an_item_is_past_the_target_once_its_fifth_working_day_has_ended(db, board):
    _notice, item = board.submit(db)
    item.submitted_at = MONDAY
    db.session.commit()
    next_monday = MONDAY + timedelta(days=7)
    assert dashboard.age(item, now=next_monday).working_days == 5
    assert not dashboard.age(item, now=next_monday).past_target
    assert dashboard.past_target_count(now=next_monday) == 0
    tuesday = next_monday + timedelta(days=1)
    assert dashboard.age(item, now=tuesday).past_target
    assert dashboard.past_target_count(now=tuesday) == 1


def test_figures_count_the_queue_and_time_decisions(db, board, moderator):
    items = [board.submit(db, title=str(n))[1] for n in range(5)]
    for item in items:
        item.submitted_at = MONDAY
    db.session.commit()
    for hours, item in zip((10, 20, 30, 40), items, strict=False):
        services.decide(item, APPROVED, moderator, now=MONDAY + timedelta(hours=hours))
    services.park(items[4], moderator, "Väntar")
    _notice, late = board.submit(db, title="Sen")
    late.submitted_at = MONDAY
    db.session.commit()

    figures = dashboard.figures(now=MONDAY + timedelta(days=10))
    assert (figures.waiting, figures.parked, figures.past_target) == (1, 1, 1)
    assert figures.decided == 4
    assert figures.median_hours == 25
    assert figures.p90_hours == 40
    assert figures.target == 5


def test_the_delay_notice_switches_on_at_the_threshold_and_names_the_count(db, board):
    _notice, item = board.submit(db)
    assert dashboard.delay() is None
    item.submitted_at = MONDAY
    db.session.commit()
    later = MONDAY + timedelta(days=30)
    assert dashboard.delay(now=later) == dashboard.Delay(past_target=1, target=5)
    assert dashboard.delay("notice", now=later) is not None
    assert dashboard.delay("proposal", now=later) is None  # not a registered kind here


def test_parked_items_do_not_count_against_the_target(db, board, moderator):
    _notice, item = board.submit(db)
    item.submitted_at = MONDAY
    db.session.commit()
    services.park(item, moderator, "Väntar")
    assert dashboard.delay(now=MONDAY + timedelta(days=30)) is None
