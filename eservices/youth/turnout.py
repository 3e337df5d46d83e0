"""Turnout (valdeltagande) during and after voting: counts of voters who voted, never of
what they voted for. Only `has_voted` of the census is read."""

from dataclasses import dataclass

from sqlalchemy import case, func, select

from eservices.extensions import db
from eservices.youth.models import Area, School, Voter


@dataclass(frozen=True)
class Turnout:
    """Voters and those who voted, in one group (an area, a school or a class)."""

    label: str
    voters: int
    voted: int

    @property
    def percent(self):
        """Share who voted, in per cent with one decimal; 0 for an empty group."""
        return round(100 * self.voted / self.voters, 1) if self.voters else 0.0


_VOTED = func.sum(case((Voter.has_voted, 1), else_=0))


def _rows(query):
    return [Turnout(str(label), voters, int(voted or 0)) for label, voters, voted in query]


def by_area(election):
    """Turnout per area, in the areas' order, and areas without voters too."""
    query = (
        select(Area.name, func.count(Voter.id), _VOTED)
        .select_from(Area)
        .outerjoin(Voter, Voter.area_id == Area.id)
        .where(Area.election_id == election.id)
        .group_by(Area.id, Area.name, Area.position)
        .order_by(Area.position, Area.id)
    )
    return _rows(db.session.execute(query))


def by_school(election):
    """Turnout per school, by name."""
    query = (
        select(School.name, func.count(Voter.id), _VOTED)
        .select_from(School)
        .outerjoin(Voter, Voter.school_id == School.id)
        .where(School.election_id == election.id)
        .group_by(School.id, School.name)
        .order_by(School.name)
    )
    return _rows(db.session.execute(query))


def by_class(school):
    """Turnout per class of one school, by class name."""
    query = (
        select(Voter.class_name, func.count(Voter.id), _VOTED)
        .where(Voter.school_id == school.id)
        .group_by(Voter.class_name)
        .order_by(Voter.class_name)
    )
    return _rows(db.session.execute(query))


def total(rows):
    """The sum of several groups' turnout."""
    return Turnout("", sum(r.voters for r in rows), sum(r.voted for r in rows))
