"""The youth-council election: its settings, areas, schools, census, candidates and ballots.

Ballot secrecy shapes these tables (docs/election-secrecy.md): a ballot carries no time, no
sequential id and nothing of its voter; the voter's row carries only that they voted.
"""

import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eservices.database import EncryptedText, UTCDateTime, utcnow
from eservices.extensions import db
from eservices.youth.seats import MODIFIED_SAINTE_LAGUE

RANDOM_ORDER = "random"
ALPHABETICAL_ORDER = "alphabetical"
CANDIDATE_ORDERS = (RANDOM_ORDER, ALPHABETICAL_ORDER)

# Candidates' moderation states; the registration and moderation of profiles fill them in.
CANDIDATE_PENDING = "pending"
CANDIDATE_APPROVED = "approved"
CANDIDATE_REJECTED = "rejected"
CANDIDATE_CHANGES_REQUESTED = "changes_requested"
CANDIDATE_STATES = (
    CANDIDATE_PENDING,
    CANDIDATE_APPROVED,
    CANDIDATE_REJECTED,
    CANDIDATE_CHANGES_REQUESTED,
)

VOTED_BY_EID = "eid"
VOTED_BY_CODE = "code"


def random_id():
    """128 random bits as hex: the key of a ballot, which must say nothing of its order."""
    return secrets.token_hex(16)


class Election(db.Model):
    """One year's election and its settings: every number and list here is data."""

    __tablename__ = "youth_elections"
    __table_args__ = (
        CheckConstraint("anonymity_k >= 1", name="anonymity_k_positive"),
        CheckConstraint("members >= 0 AND deputies >= 0", name="seats_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    candidacy_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    candidacy_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)

    members: Mapped[int] = mapped_column(default=81)
    deputies: Mapped[int] = mapped_column(default=20)
    seats_method: Mapped[str] = mapped_column(String(40), default=MODIFIED_SAINTE_LAGUE)
    first_divisor: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("1.2"))
    # Ballots move from the pending pool to the ballot table in batches of at least this
    # many per area: the smallest crowd a ballot hides in before close.
    anonymity_k: Mapped[int] = mapped_column(default=25)
    # Language codes the ballot is offered in, the first being the default ("sv,en,ar").
    languages: Mapped[str] = mapped_column(String(100), default="sv,en,ar")
    blank_vote_allowed: Mapped[bool] = mapped_column(default=True)
    candidate_order: Mapped[str] = mapped_column(String(20), default=RANDOM_ORDER)

    # SHA-256 of the census in canonical form, published when voting opens; the census is
    # frozen from then on.
    census_fingerprint: Mapped[str | None] = mapped_column(String(64))
    census_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when voting has been closed and the last ballots have left the pending pool.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    areas: Mapped[list["Area"]] = relationship(
        back_populates="election", order_by="Area.position, Area.id"
    )

    @property
    def language_codes(self):
        """The ballot's languages as a tuple of codes."""
        return tuple(code.strip() for code in self.languages.split(",") if code.strip())

    def voting_is_open(self, now=None):
        """True between the opening and closing of voting, unless closed early."""
        now = now or utcnow()
        return self.closed_at is None and self.voting_opens_at <= now < self.voting_closes_at

    def __repr__(self):
        return f"<Election {self.year}>"


class Area(db.Model):
    """A city area (stadsområde): its child population decides its seats."""

    __tablename__ = "youth_areas"
    __table_args__ = (UniqueConstraint("election_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("youth_elections.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    child_population: Mapped[int] = mapped_column(default=0)
    # Seats as the method gives them, stored when the split is computed.
    members: Mapped[int] = mapped_column(default=0)
    deputies: Mapped[int] = mapped_column(default=0)
    # An administrator's override of the computed split, with the reason shown beside it.
    members_override: Mapped[int | None] = mapped_column()
    deputies_override: Mapped[int | None] = mapped_column()
    override_reason: Mapped[str | None] = mapped_column(Text)

    election: Mapped[Election] = relationship(back_populates="areas")

    @property
    def member_seats(self):
        """Members this area elects: the override when there is one."""
        return self.members if self.members_override is None else self.members_override

    @property
    def deputy_seats(self):
        """Deputies this area elects: the override when there is one."""
        return self.deputies if self.deputies_override is None else self.deputies_override


class School(db.Model):
    """A school in an area; the census names it by its code."""

    __tablename__ = "youth_schools"
    __table_args__ = (UniqueConstraint("election_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("youth_elections.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("youth_areas.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))

    area: Mapped[Area] = relationship()
    election: Mapped[Election] = relationship()


class SchoolContact(db.Model):
    """A member of staff with the school-contact role is the contact of a school."""

    __tablename__ = "youth_school_contacts"

    school_id: Mapped[int] = mapped_column(
        ForeignKey("youth_schools.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Voter(db.Model):
    """A row of the census (röstlängd). `has_voted` is all it ever says about a vote."""

    __tablename__ = "youth_voters"
    __table_args__ = (
        UniqueConstraint("election_id", "census_key"),
        Index("ix_youth_voters_lookup", "election_id", "pnr_hash"),
        Index("ix_youth_voters_school", "school_id", "class_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("youth_elections.id", ondelete="CASCADE"))
    # What a re-import finds the row by: the keyed hash of the personnummer, or for those
    # without one, of name, birth date and school.
    census_key: Mapped[str] = mapped_column(String(64))
    # Keyed hash of the personnummer or samordningsnummer; None for pupils without one.
    pnr_hash: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(EncryptedText)
    birth_date: Mapped[date] = mapped_column(Date)
    school_id: Mapped[int] = mapped_column(ForeignKey("youth_schools.id"))
    class_name: Mapped[str] = mapped_column(String(40))
    school_year: Mapped[int] = mapped_column()
    area_id: Mapped[int] = mapped_column(ForeignKey("youth_areas.id"))
    # Set by the one conditional update that casts the vote: the guard against a second.
    has_voted: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # The member of staff who helped an assisted vote; never stored on the ballot.
    helper_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    school: Mapped[School] = relationship()
    area: Mapped[Area] = relationship()


class VotingCode(db.Model):
    """A one-time voting code for a voter, stored as a hash; used when the vote is cast."""

    __tablename__ = "youth_voting_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    voter_id: Mapped[int] = mapped_column(
        ForeignKey("youth_voters.id", ondelete="CASCADE"), unique=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    voter: Mapped[Voter] = relationship()


class Candidate(db.Model):
    """A candidate in an area. Registration and moderation fill in and move `status`."""

    __tablename__ = "youth_candidates"
    __table_args__ = (Index("ix_youth_candidates_area", "area_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("youth_elections.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("youth_areas.id", ondelete="CASCADE"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("youth_schools.id"))
    voter_id: Mapped[int | None] = mapped_column(
        ForeignKey("youth_voters.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(200))
    presentation: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=CANDIDATE_PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area] = relationship()
    school: Mapped[School | None] = relationship()


# The two ballot tables below have no time, no sequence and no link to a voter. They are
# WITHOUT ROWID on SQLite, keyed by a random id, so that neither the rowid nor the physical
# order of rows follows the order in which votes were cast.
_NO_ROWID = {"sqlite_with_rowid": False}


class PendingBallot(db.Model):
    """A cast ballot waiting in the pool to be moved, shuffled, into `youth_ballots`.

    Written in the voter's own transaction (so no vote is ever lost), it shares that
    transaction's traces; the pool is emptied as a whole (TRUNCATE on PostgreSQL) so none
    of them survive it.
    """

    __tablename__ = "youth_pending_ballots"
    __table_args__ = _NO_ROWID

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    election_id: Mapped[int] = mapped_column(ForeignKey("youth_elections.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("youth_areas.id"))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("youth_candidates.id"))
    tracker: Mapped[str] = mapped_column(String(16), unique=True)


class Ballot(db.Model):
    """A counted ballot: an area, a candidate or blank, and the voter's tracker code."""

    __tablename__ = "youth_ballots"
    __table_args__ = (
        Index("ix_youth_ballots_area", "election_id", "area_id"),
        _NO_ROWID,
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    election_id: Mapped[int] = mapped_column(ForeignKey("youth_elections.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("youth_areas.id"))
    # None is a blank vote (blankröst).
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("youth_candidates.id"))
    tracker: Mapped[str] = mapped_column(String(16), unique=True)


__all__ = [
    "Area",
    "Ballot",
    "Candidate",
    "Election",
    "PendingBallot",
    "School",
    "SchoolContact",
    "Voter",
    "VotingCode",
]
