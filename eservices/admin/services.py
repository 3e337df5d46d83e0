"""Rules for units and committees; staff accounts live in accounts.services."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eservices.accounts.models import Committee, Unit
from eservices.audit import services as audit
from eservices.database import transaction
from eservices.extensions import db


class OrganisationError(Exception):
    """A rule about units or committees was broken; `code` says which."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def save_unit(unit, *, name_sv, name_en, slug, parent_id, email, is_active, actor):
    """Create (unit=None) or change a unit; slugs are unique and a unit cannot own itself."""
    with transaction():
        existing = db.session.scalar(select(Unit).where(Unit.slug == slug))
        if existing is not None and existing is not unit:
            raise OrganisationError("slug_taken")
        if unit is not None and parent_id and _would_cycle(unit, parent_id):
            raise OrganisationError("cycle")
        created = unit is None
        if created:
            unit = Unit()
            db.session.add(unit)
        unit.name_sv, unit.name_en, unit.slug = name_sv, name_en or "", slug
        unit.parent_id = parent_id or None
        unit.email = email or None
        unit.is_active = is_active
        db.session.flush()
        audit.record("unit.created" if created else "unit.updated", unit, actor=actor, slug=slug)
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


def save_committee(committee, *, name_sv, name_en, slug, is_active, actor):
    """Create (committee=None) or change a committee; slugs are unique."""
    with transaction():
        existing = db.session.scalar(select(Committee).where(Committee.slug == slug))
        if existing is not None and existing is not committee:
            raise OrganisationError("slug_taken")
        created = committee is None
        if created:
            committee = Committee()
            db.session.add(committee)
        committee.name_sv, committee.name_en, committee.slug = name_sv, name_en or "", slug
        committee.is_active = is_active
        db.session.flush()
        audit.record(
            "committee.created" if created else "committee.updated",
            committee,
            actor=actor,
            slug=slug,
        )
    return committee


def units_in_tree_order(*, with_members=False):
    """All units, each administration followed by its units, for lists and menus."""
    query = select(Unit).order_by(Unit.name_sv)
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
