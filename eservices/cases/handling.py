"""Handling a case: claiming, assigning, transferring and moving it along the workflow.

Every change is one transaction that also writes the case's timeline and the audit log.
"""

from sqlalchemy import select

from eservices.accounts import services as accounts
from eservices.audit import services as audit
from eservices.cases import kinds, notify, workflow
from eservices.cases.access import unit_ids
from eservices.cases.services import record_event
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.organisation.models import Unit


class CaseError(Exception):
    """A step that cannot be taken on the case; ``code`` says why."""

    def __init__(self, code):
        # Callers read ``code``; the message only shows in a traceback.
        super().__init__(code)  # pragma: no mutate
        self.code = code


def claim(case, *, actor):
    """Take an unassigned case: it becomes the actor's."""
    if not case.is_open:
        raise CaseError("closed")
    if case.assignee_id is not None:
        raise CaseError("taken")
    _assign(case, actor, actor=actor, kind="claimed")


def assign(case, to, *, actor):
    """Give the case to a colleague in the same unit."""
    if not case.is_open:
        raise CaseError("closed")
    if case.unit_id not in unit_ids(to) or not to.can("handle_cases") or not to.is_active:
        raise CaseError("not_in_unit")
    _assign(case, to, actor=actor, kind="assigned")


def _assign(case, to, *, actor, kind):
    with transaction():
        case.assignee_id = to.id
        record_event(case, kind, actor=actor, to=to.full_name)
        audit.record(f"case.{kind}", case, actor=actor, number=case.number, to=to.id)


def transfer(case, unit, reason, *, actor):
    """Move the case to another unit's queue, with a reason; it becomes unassigned."""
    if not case.is_open:
        raise CaseError("closed")
    if unit.id == case.unit_id or not unit.is_active or unit.kind != case.unit.kind:
        raise CaseError("same_or_inactive_unit")
    with transaction():
        old = case.unit
        case.unit_id, case.assignee_id = unit.id, None
        record_event(
            case,
            "transferred",
            actor=actor,
            subject=old,
            reason=reason,
            from_unit=old.name_sv,
            to_unit=unit.name_sv,
        )
        audit.record(
            "case.transferred",
            case,
            actor=actor,
            number=case.number,
            from_unit=old.slug,
            to_unit=unit.slug,
        )


def change_status(case, wanted, *, actor, decision=None, decision_text=None, now=None):
    """Move the case along the workflow; a decision needs its outcome and text.

    Raises workflow.TransitionNotAllowed for a move the workflow does not allow.
    """
    workflow.check(case.status, wanted)
    if wanted == workflow.DECIDED and (
        decision not in workflow.DECISIONS or not (decision_text or "").strip()
    ):
        raise CaseError("decision_incomplete")
    with transaction():
        move(case, wanted, actor=actor, decision=decision, decision_text=decision_text, now=now)
        notify.status_changed(case)


def move(case, wanted, *, actor, decision=None, decision_text=None, now=None):
    """Change the status in the caller's transaction, with its timeline entry and audit."""
    workflow.check(case.status, wanted)
    now = now or utcnow()
    previous = case.status
    if previous == workflow.AWAITING_INFO and case.paused_at is not None:
        # The clock stood still while the resident was asked: move the due date on.
        case.due_at = case.due_at + (now - case.paused_at)
        case.paused_at = None
    if wanted == workflow.AWAITING_INFO:
        case.paused_at = now
    if wanted == workflow.DECIDED:
        case.decision, case.decision_text, case.decided_at = decision, decision_text, now
    if wanted == workflow.CLOSED:
        case.closed_at = now
    is_staff = actor is not None and actor.is_staff
    if case.assignee_id is None and wanted == workflow.IN_PROGRESS and is_staff:
        case.assignee_id = actor.id
    if is_staff:
        # The handler has acted on the resident's answer: the queue stops marking it.
        case.resident_replied_at = None
    case.status, case.status_changed_at = wanted, now
    record_event(
        case,
        "status_changed",
        actor=actor,
        **{"from": previous, "to": wanted},
        decision=decision,
    )
    audit.record(
        "case.status_changed",
        case,
        actor=actor,
        number=case.number,
        **{"from": previous, "to": wanted},
    )


def has_personnummer(case):
    """Whether there is a personnummer to reveal; the account's is not decrypted to know."""
    applicant = case.applicant
    return bool(applicant and applicant.pnr_encrypted) or bool(kinds.of(case).personnummer(case))


def personnummer_of(case):
    """The applicant's personnummer in clear, from their account or else from the case."""
    if case.applicant is not None and case.applicant.pnr_encrypted:
        return accounts.reveal_personnummer(case.applicant)
    return kinds.of(case).personnummer(case)


def reveal_personnummer(case, *, actor):
    """The personnummer a handler asked to see; each look is in the audit log."""
    number = personnummer_of(case)
    if number is None:
        raise CaseError("no_personnummer")
    with transaction():
        audit.record("case.personnummer_revealed", case, actor=actor, number=case.number)
    return number


def colleagues(case):
    """Active handlers of the case's unit, by name."""
    unit = db.session.get(Unit, case.unit_id)
    return sorted(
        (user for user in unit.members if user.is_active and user.can("handle_cases")),
        key=lambda user: (user.family_name, user.given_name),
    )


def other_units(case):
    """Active units the case could be transferred to: a unit's case to other units, a
    committee's to other committees."""
    return db.session.scalars(
        select(Unit)
        .where(Unit.is_active, Unit.id != case.unit_id, Unit.kind == case.unit.kind)
        .order_by(Unit.name_sv)
    ).all()
