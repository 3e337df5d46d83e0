"""Gallring: the daily run that disposes of what is kept past its time.

retention/ holds no table. Each capability registers what it disposes of, and when: the
case domain anonymises closed cases past their retention (cases/retention.py), the outbox
deletes e-mail sent long ago (notifications/retention.py). A run asks each in turn, prints
what each did and records one "retention.run" entry in the audit log with all of it.

    class Disposal:
        name = "proposals"
        def run(self, *, now, dry_run, batch_size):
            ...  # dispose, each batch in a transaction of its own
            return result  # .lines(): for the command, .summary(): for the audit log

    retention.register(Disposal())
"""

from dataclasses import dataclass

from sqlalchemy import func, select, update

from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db

# Rows handled per transaction: memory stays flat however many are due.
BATCH_SIZE = 200

_disposals = {}


def register(disposal):
    """Add ``disposal`` (with a ``name`` and ``run(now=, dry_run=, batch_size=)``) to the run."""
    _disposals[disposal.name] = disposal
    return disposal


@dataclass
class Report:
    """What a run did (or, in a dry run, would have done), by disposal name."""

    dry_run: bool
    results: dict

    def __getitem__(self, name):
        return self.results[name]

    def lines(self):
        """What the command prints: each disposal's lines, in turn."""
        return [line for result in self.results.values() for line in result.lines()]


@dataclass
class Counted:
    """What a disposal of one kind of row did (or, in a dry run, would have): how many, the
    key of the run's audit entry, and the command's line, in which ``{rows}`` is the count
    with its noun and ``{would}`` is "would be " in a dry run."""

    dry_run: bool
    count: int
    key: str
    noun: str
    line: str

    def summary(self):
        """For the run's audit entry."""
        return {self.key: self.count}

    def lines(self):
        """For the command's output."""
        would = "would be " if self.dry_run else ""
        return [self.line.format(rows=counted(self.count, self.noun), would=would)]


def run(*, now=None, dry_run=False, batch_size=BATCH_SIZE):
    """Run every registered disposal, by name; returns a Report.

    A dry run changes nothing and records nothing in the audit log. A real run always
    records a "retention.run" summary, with counts of zero when nothing was due: the log
    shows that the disposal ran.
    """
    now = now or utcnow()
    results = {
        name: _disposals[name].run(now=now, dry_run=dry_run, batch_size=batch_size)
        for name in sorted(_disposals)
    }
    if not dry_run:
        summary = {}
        for result in results.values():
            summary.update(result.summary())
        with transaction():
            audit.record("retention.run", dry_run=False, **summary)
    return Report(dry_run=dry_run, results=results)


def batches(items, size):
    """``items`` a batch of ``size`` at a time."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def count_due(model, due):
    """How many rows of ``model`` the condition ``due`` matches (for a dry run)."""
    return db.session.scalar(select(func.count()).select_from(model).where(due))


def update_due(model, due, values, batch_size):
    """Set ``values`` on the rows of ``model`` that ``due`` matches, a batch per transaction,
    until none is left; returns how many. ``values`` must make a row no longer due."""
    count = 0
    while True:
        with transaction():
            batch = select(model.id).where(due).limit(batch_size)
            done = db.session.execute(
                update(model)
                .where(model.id.in_(batch))
                .values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount
        count += done
        if done < batch_size:
            return count


def counted(number, noun):
    """ "1 closed case", "2 closed cases"."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
