"""A capability plugs what it disposes of into the daily run, without retention/ knowing it."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.retention import services as retention


@dataclass
class Burnt:
    dry_run: bool

    def lines(self):
        return [f"3 ballots {'would be ' if self.dry_run else ''}burnt."]

    def summary(self):
        return {"ballots_burnt": 3}


@pytest.fixture
def ballots(monkeypatch):
    """A stand-in capability that burns old ballots."""
    runs = []

    class Ballots:
        name = "ballots"

        def run(self, *, now, dry_run, batch_size):
            runs.append(dry_run)
            return Burnt(dry_run)

    monkeypatch.setitem(retention._disposals, "ballots", Ballots())
    return runs


def test_a_registered_disposal_runs_is_reported_and_audited(app, db, ballots):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "run", "--dry-run"]).output
    real = runner.invoke(args=["retention", "run"]).output
    assert ballots == [True, False]
    assert "3 ballots would be burnt." in dry
    # Each disposal in turn, by name: the stand-in first, then the platform's own.
    lines = real.splitlines()
    assert lines[0] == "3 ballots burnt."
    assert {
        "No closed cases are past their retention period.",
        "0 proposal drafts untouched for 30 days deleted.",
        "0 sent e-mails older than 90 days deleted.",
    } <= set(lines[1:])
    [entry] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention.run"))
    assert entry.details["ballots_burnt"] == 3 and entry.details["cases"] == 0
