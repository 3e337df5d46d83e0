"""Setting up an election: loaders, the election and its areas and schools, and the seats.

One loader per aggregate, used by every caller. Each function that changes something owns
its transaction.
"""

from datetime import timedelta

from flask import abort
from sqlalchemy import select

from eservices.accounts.models import RoleAssignment, User
from eservices.database import start_of_day, transaction
from eservices.extensions import db
from eservices.youth import results, seats
from eservices.youth.models import (
    CANDIDATE_APPROVED,
    Area,
    Candidate,
    Election,
    School,
    SchoolContact,
    Voter,
)


class SetupError(Exception):
    """A change to the election's setup that cannot be made; `code` says why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def current_election():
    """The latest election (by year), or None when none has been set up."""
    return db.session.scalar(select(Election).order_by(Election.year.desc()).limit(1))


def get_election_or_404(year):
    """The election of `year`, or 404."""
    election = db.session.scalar(select(Election).where(Election.year == year))
    if election is None:
        abort(404)
    return election


def get_area_or_404(election, area_id):
    """An area of `election`, or 404."""
    area = db.session.get(Area, area_id)
    if area is None or area.election_id != election.id:
        abort(404)
    return area


def schools_of(election):
    """The election's schools, by name."""
    return db.session.scalars(
        select(School).where(School.election_id == election.id).order_by(School.name)
    ).all()


def schools_of_contact(user):
    """The schools `user` is the contact of, latest election first."""
    return db.session.scalars(
        select(School)
        .join(SchoolContact, SchoolContact.school_id == School.id)
        .join(Election, School.election_id == Election.id)
        .where(SchoolContact.user_id == user.id)
        .order_by(Election.year.desc(), School.name)
    ).all()


def window(first_day, last_day):
    """From the start of `first_day` to the end of `last_day`, in Swedish time, as UTC."""
    return start_of_day(first_day), start_of_day(last_day + timedelta(days=1))


def save_election(election=None, **settings):
    """Create an election, or change one's settings; the year is unique."""
    election = election or Election()
    year = settings.get("year", election.year)
    other = db.session.scalar(select(Election).where(Election.year == year))
    if other is not None and other is not election:
        raise SetupError("year_taken")
    with transaction():
        for name, value in settings.items():
            setattr(election, name, value)
        db.session.add(election)
    # The lottery seed is drawn now, long before any vote; only its hash is shown.
    results.commit_seed(election)
    return election


def add_area(election, name, child_population):
    """Add a city area with its child population."""
    if any(area.name == name for area in election.areas):
        raise SetupError("area_exists")
    with transaction():
        area = Area(
            election=election,
            name=name,
            child_population=child_population,
            position=len(election.areas),
        )
        db.session.add(area)
    return area


def add_school(election, code, name, area):
    """Add a school in an area; the census names it by `code`."""
    taken = db.session.scalar(select(School).filter_by(election_id=election.id, code=code))
    if taken is not None:
        raise SetupError("school_exists")
    with transaction():
        school = School(election_id=election.id, code=code, name=name, area=area)
        db.session.add(school)
    return school


def seat_splits(election):
    """The split of members and of deputies by the election's method, with working."""
    populations = [area.child_population for area in election.areas]
    if not populations or not sum(populations):
        return None, None
    divisor = election.first_divisor
    return (
        seats.split(election.seats_method, populations, election.members, first_divisor=divisor),
        seats.split(election.seats_method, populations, election.deputies, first_divisor=divisor),
    )


def compute_seats(election):
    """Store each area's seats as the method gives them; a tie leaves the tied areas with
    their certain seats, for an override with a reason to settle."""
    members, deputies = seat_splits(election)
    if members is None:
        raise SetupError("no_population")
    with transaction():
        for area, m, d in zip(election.areas, members.seats, deputies.seats, strict=True):
            area.members, area.deputies = m, d
    return members, deputies


def override_seats(area, members, deputies, reason):
    """Set an area's seats by hand, with the reason shown beside them; None clears it."""
    if (members is not None or deputies is not None) and not (reason or "").strip():
        raise SetupError("reason_required")
    with transaction():
        area.members_override = members
        area.deputies_override = deputies
        area.override_reason = reason.strip() if reason else None
    return area


def get_candidate(election, candidate_id):
    """An approved candidate of `election` by id (as typed in a form), or None."""
    try:
        candidate = db.session.get(Candidate, int(candidate_id))
    except (TypeError, ValueError):
        return None
    if candidate is None or candidate.election_id != election.id:
        return None
    return candidate if candidate.status == CANDIDATE_APPROVED else None


def get_school_for_contact_or_404(school_id, user):
    """A school that `user` is the contact of (election administrators see every school)."""
    school = db.session.get(School, school_id)
    if school is None:
        abort(404)
    if user.can("administer_election"):
        return school
    contact = db.session.get(SchoolContact, (school.id, user.id))
    if contact is None:
        abort(404)
    return school


def get_voter_of_school_or_404(school, voter_id):
    """A voter of `school`'s census, or 404."""
    voter = db.session.get(Voter, voter_id)
    if voter is None or voter.school_id != school.id:
        abort(404)
    return voter


def voters_by_class(school):
    """{class name: [voters by name]} of a school, classes in order."""
    classes = {}
    voters = db.session.scalars(
        select(Voter).where(Voter.school_id == school.id).order_by(Voter.class_name)
    )
    for voter in voters:
        classes.setdefault(voter.class_name, []).append(voter)
    for members in classes.values():
        members.sort(key=lambda v: v.name.casefold())
    return classes


def set_contact(school, user):
    """Make `user` the contact of `school` (a second call changes nothing)."""
    with transaction():
        if db.session.get(SchoolContact, (school.id, user.id)) is None:
            db.session.add(SchoolContact(school_id=school.id, user_id=user.id))


def contacts():
    """Active staff with the school-contact role, by name."""
    return db.session.scalars(
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == "school_contact", User.is_active.is_(True))
        .order_by(User.family_name, User.given_name)
    ).all()


def get_contact(user_id):
    """A school contact by id, or None."""
    return next((user for user in contacts() if user.id == user_id), None)
