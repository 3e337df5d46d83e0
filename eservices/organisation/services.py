"""Rules for units and committees; staff accounts live in accounts.services."""

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eservices.audit import services as audit
from eservices.database import transaction
from eservices.extensions import db
from eservices.organisation.models import COMMITTEE, UNIT, Unit


class OrganisationError(Exception):
    """A rule about units or committees was broken; `code` says which.

    For a short name that is taken, `holder` is the kind (unit or committee) that has it.
    """

    def __init__(self, code, holder=None):
        super().__init__(code)
        self.code, self.holder = code, holder


def get_or_404(unit_id, kind):
    """The unit (or committee, by ``kind``) with this id; 404 for anything else."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.kind != kind:
        abort(404)
    return unit


def find(slug, kind=UNIT):
    """The active unit (or committee) with this short name, or None."""
    return db.session.scalar(
        select(Unit).where(Unit.slug == slug, Unit.kind == kind, Unit.is_active)
    )


def save(unit, *, kind, name_sv, name_en, slug, is_active, actor, parent_id=None, email=None):
    """Create (unit=None) or change a unit or committee.

    Short names are unique over units and committees alike, and a unit cannot be part of
    itself. Committees stand outside the tree and have no functional mailbox of their own.
    """
    with transaction():
        existing = db.session.scalar(select(Unit).where(Unit.slug == slug))
        if existing is not None and existing is not unit:
            raise OrganisationError("slug_taken", holder=existing.kind)
        if unit is not None and parent_id and _would_cycle(unit, parent_id):
            raise OrganisationError("cycle")
        created = unit is None
        if created:
            unit = Unit(kind=kind)
            db.session.add(unit)
        unit.name_sv, unit.name_en, unit.slug = name_sv, name_en or "", slug
        unit.is_active = is_active
        if kind == UNIT:
            unit.parent_id = parent_id or None
            unit.email = email or None
        db.session.flush()
        audit.record(
            f"{kind}.created" if created else f"{kind}.updated", unit, actor=actor, slug=slug
        )
    return unit


def _would_cycle(unit, parent_id):
    seen = set()
    current = db.session.get(Unit, parent_id)
    while current is not None and current.id not in seen:
        if current.id == unit.id:
            return True
        seen.add(current.id)
        current = current.parent
    return False


def units_in_tree_order(*, with_members=False):
    """All units, each administration followed by its units, for lists and menus."""
    query = select(Unit).where(Unit.kind == UNIT).order_by(Unit.name_sv)
    if with_members:
        query = query.options(selectinload(Unit.members))
    units = db.session.scalars(query).all()
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def committees(*, with_members=False):
    """All committees and boards, by name."""
    query = select(Unit).where(Unit.kind == COMMITTEE).order_by(Unit.name_sv)
    if with_members:
        query = query.options(selectinload(Unit.members))
    return db.session.scalars(query).all()
