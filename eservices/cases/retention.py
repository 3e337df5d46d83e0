"""Gallring of cases: anonymising closed cases once their retention period has passed.

Archive law keeps the record that a case existed: its number, service, unit, channel,
dates, status, decision outcome and the kinds and times of its timeline. What identifies
the resident goes: the answers, the files and their names, free text that may name them
(decision text, messages, transfer reasons), the link to their account and the follow link.
How long a closed case is kept is its kind's to say (an e-service case: its service's).

Others that keep something about a case register what they clear with it (anonymising):
the webhook deliveries, for one.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, false, func, or_, select, update

from eservices.accounts.models import RESIDENT_KIND, User
from eservices.attachments import storage
from eservices.attachments.models import Attachment
from eservices.audit import services as audit
from eservices.cases import kinds
from eservices.cases.models import Case, CaseEvent, CaseMessage
from eservices.cases.workflow import CLOSED
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.retention import services as retention

# Timeline details that name no resident: statuses, the decision outcome, units, the
# channel, a number of files, and the handler a case was assigned to (staff act in
# office, and are kept). Anything else, such as a transfer's reason, is free text and goes.
SAFE_EVENT_DETAILS = frozenset(
    {"channel", "from", "to", "decision", "from_unit", "to_unit", "files"}
)

_anonymising = []


def anonymising(hook):
    """Register ``hook(case_ids)``: clear what you keep about these cases, in the
    transaction that anonymises them."""
    _anonymising.append(hook)
    return hook


@dataclass(frozen=True)
class DueCase:
    """A closed case whose retention has passed, without its (encrypted) contents."""

    id: int
    number: str
    service_id: str
    closed_at: datetime


@dataclass
class Due:
    """The cases due for anonymising, and closed cases kept because their period is unknown."""

    cases: list[DueCase]
    # Service id -> closed, not anonymised cases that no retention period covers (their
    # e-service is gone from forms/): kept and reported until someone decides.
    unknown_services: dict[str, int]


def _waiting():
    return (Case.status == CLOSED) & Case.anonymised_at.is_(None)


def due_cases(now=None):
    """Closed, not yet anonymised cases whose retention has passed, oldest first."""
    now = now or utcnow()
    cases, covered = [], []
    for kind in kinds.registered():
        for condition, days in kind.retention_periods():
            covered.append((Case.kind == kind.name) & condition)
            rows = db.session.execute(
                select(Case.id, Case.number, Case.service_id, Case.closed_at).where(
                    _waiting(),
                    Case.kind == kind.name,
                    condition,
                    Case.closed_at <= now - timedelta(days=days),
                )
            )
            cases.extend(DueCase(*row) for row in rows)
    cases.sort(key=lambda case: (case.closed_at, case.id))
    unknown = db.session.execute(
        select(Case.service_id, func.count())
        .where(_waiting(), ~or_(false(), *covered))
        .group_by(Case.service_id)
        .order_by(Case.service_id)
    )
    return Due(cases=cases, unknown_services=dict(unknown.all()))


def anonymise(case, *, now=None):
    """Remove one closed case's personal data, as anonymise_many does.

    Returns the number of files removed, or None when the case is not closed or has
    already been anonymised (by an earlier or a concurrent run).
    """
    done, files = anonymise_many([case.id], now=now)
    return files if done else None


def anonymise_many(case_ids, *, now=None):
    """Remove these closed cases' personal data in one transaction, then their files.

    Cases not closed, or already anonymised, are left alone. Returns (the ids of the cases
    anonymised, the number of files removed).
    """
    now = now or utcnow()
    residents = select(User.id).where(User.kind == RESIDENT_KIND)
    with transaction():
        # The claim is the update itself: of two runs at once, only one gets each case.
        claimed = _bulk(
            update(Case)
            .where(Case.id.in_(case_ids), Case.status == CLOSED, Case.anonymised_at.is_(None))
            .values(
                answers={},
                decision_text=None,
                applicant_id=None,
                follow_token_hash=None,
                anonymised_at=now,
            )
            .returning(Case.id, Case.number, Case.service_id)
        ).all()
        ids = [row.id for row in claimed]
        if not ids:
            return [], 0
        files = db.session.execute(
            select(Attachment.case_id, Attachment.storage_key).where(Attachment.case_id.in_(ids))
        ).all()
        _bulk(delete(Attachment).where(Attachment.case_id.in_(ids)))
        # Timeline entries are otherwise never changed; here the free text goes, the kinds,
        # times and staff stay.
        for event in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(ids))):
            safe = {
                key: value for key, value in event.details.items() if key in SAFE_EVENT_DETAILS
            }
            if safe != event.details:
                event.details = safe
        _bulk(
            update(CaseEvent)
            .where(CaseEvent.case_id.in_(ids), CaseEvent.actor_id.in_(residents))
            .values(actor_id=None)
        )
        _bulk(update(CaseMessage).where(CaseMessage.case_id.in_(ids)).values(body=""))
        _bulk(
            update(CaseMessage)
            .where(CaseMessage.case_id.in_(ids), CaseMessage.author_id.in_(residents))
            .values(author_id=None)
        )
        for hook in _anonymising:
            hook(ids)
        per_case = Counter(case_id for case_id, _key in files)
        for row in claimed:
            audit.record(
                "case.anonymised",
                object_type=Case.__tablename__,
                object_id=row.id,
                number=row.number,
                service=row.service_id,
                files=per_case[row.id],
            )
    # Only once the rows are gone for good: a rollback must not leave rows without files.
    for _case_id, key in files:
        storage.delete(key)
    return ids, len(files)


def _bulk(statement):
    # Objects in the session are expired at the commit; no need to keep them in step now.
    return db.session.execute(statement.execution_options(synchronize_session=False))


@dataclass
class Anonymised:
    """What a run anonymised (or, in a dry run, would have)."""

    dry_run: bool
    cases: list[DueCase]
    files: int
    unknown_services: dict[str, int] = field(default_factory=dict)

    def by_service(self):
        """Anonymised cases per service id, most first."""
        return Counter(case.service_id for case in self.cases).most_common()

    def summary(self):
        """For the run's audit entry."""
        return {
            "cases": len(self.cases),
            "files": self.files,
            "services": dict(self.by_service()),
            "skipped_unknown_services": self.unknown_services,
        }

    def lines(self):
        """For the command's output: each case, so the job's log lists what went."""
        would = "would be " if self.dry_run else ""
        lines = []
        if self.cases:
            lines.append(
                f"{retention.counted(len(self.cases), 'closed case')} {would}anonymised, past "
                f"their retention period ({retention.counted(self.files, 'attached file')} "
                f"{would}deleted):"
            )
            for case in self.cases:
                closed = case.closed_at.astimezone(SWEDEN).date().isoformat()
                lines.append(f"  {case.number}  {case.service_id}  closed {closed}")
            per_service = ", ".join(f"{service} {count}" for service, count in self.by_service())
            lines.append(f"By e-service: {per_service}")
        else:
            lines.append("No closed cases are past their retention period.")
        for service, count in self.unknown_services.items():
            lines.append(
                f"Kept {retention.counted(count, 'closed case')} of {service}: the e-service is "
                "not in forms/, so its retention period is unknown."
            )
        return lines


class CaseDisposal:
    """Closed cases past their retention, a batch at a time."""

    name = "cases"

    def run(self, *, now, dry_run, batch_size):
        """Anonymise every due case, each batch in a transaction of its own, so that an
        interrupted run keeps what it did and the next goes on from there."""
        due = due_cases(now)
        if dry_run:
            return Anonymised(
                dry_run=True,
                cases=due.cases,
                files=_count_files(due.cases, batch_size),
                unknown_services=due.unknown_services,
            )
        done, files = [], 0
        for batch in retention.batches(due.cases, batch_size):
            ids, removed = anonymise_many([item.id for item in batch], now=now)
            anonymised = set(ids)
            done += [item for item in batch if item.id in anonymised]
            files += removed
        return Anonymised(
            dry_run=False, cases=done, files=files, unknown_services=due.unknown_services
        )


def _count_files(cases, batch_size):
    total = 0
    for batch in retention.batches(cases, batch_size):
        total += db.session.scalar(
            select(func.count())
            .select_from(Attachment)
            .where(Attachment.case_id.in_([item.id for item in batch]))
        )
    return total


retention.register(CaseDisposal())
