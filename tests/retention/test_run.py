"""The disposal run itself: every registered disposal in turn by name, with the time, the
kind of run and the batch size it was given; one audit entry for a real run, none for a
dry one; and the small helpers the disposals share."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.retention import services as retention
from tests.factories import at


@dataclass
class Done:
    name: str
    dry_run: bool

    def lines(self):
        return [f"{self.name}: {'would be ' if self.dry_run else ''}done", f"{self.name}: end"]

    def summary(self):
        return {f"{self.name}_done": 1}


@pytest.fixture
def calls(monkeypatch):
    """Two stand-in disposals, registered in the wrong order; what each was asked to do."""
    asked = []

    class Disposal:
        def __init__(self, name):
            self.name = name

        def run(self, **given):
            asked.append((self.name, given))
            return Done(self.name, given["dry_run"])

    monkeypatch.setattr(retention, "_disposals", {})
    for name in ("zebra", "apple"):
        assert retention.register(Disposal(name)).name == name
    return asked


def _runs(db):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.run")).all()


def test_a_run_asks_each_disposal_in_turn_and_records_what_they_did(app, db, calls):
    when = at(2026, 6, 1)
    with app.test_request_context():
        report = retention.run(now=when, batch_size=7)
    assert calls == [
        ("apple", {"now": when, "dry_run": False, "batch_size": 7}),
        ("zebra", {"now": when, "dry_run": False, "batch_size": 7}),
    ]
    assert report.dry_run is False and report["zebra"] == Done("zebra", False)
    assert report.lines() == ["apple: done", "apple: end", "zebra: done", "zebra: end"]
    (entry,) = _runs(db)
    assert entry.details == {"dry_run": False, "apple_done": 1, "zebra_done": 1}


def test_a_dry_run_is_passed_on_and_leaves_no_trace(app, db, calls):
    with app.test_request_context():
        report = retention.run(dry_run=True)
    assert [given["dry_run"] for _name, given in calls] == [True, True]
    assert report.dry_run is True
    assert report.lines()[0] == "apple: would be done"
    assert _runs(db) == []


def test_a_run_without_a_time_runs_now_in_batches_of_200(app, db, calls):
    before = utcnow()
    with app.test_request_context():
        retention.run()
    for _name, given in calls:
        assert before <= given["now"] <= utcnow() + timedelta(seconds=1)
        assert given["batch_size"] == 200


@pytest.mark.parametrize(
    "items, size, expected",
    [
        ([1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]),
        ([1, 2, 3], 3, [[1, 2, 3]]),
        ([1, 2, 3], 5, [[1, 2, 3]]),
        ([], 2, []),
    ],
)
def test_batches_cover_every_item_once_in_order(items, size, expected):
    assert list(retention.batches(items, size)) == expected


@pytest.mark.parametrize(
    "number, expected",
    [(0, "0 closed cases"), (1, "1 closed case"), (2, "2 closed cases"), (11, "11 closed cases")],
)
def test_counted_says_one_or_many(number, expected):
    assert retention.counted(number, "closed case") == expected
