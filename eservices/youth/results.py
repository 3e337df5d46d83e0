"""The result: the lottery seed, the count after close, certification, and the published record.

Before voting opens a random seed is drawn and only its SHA-256 is shown (`ElectionResult`
holds both; the seed itself is published after close). After close the ballots are counted
per area by `tally`, ties drawn from the seed. Certification freezes one document: the
ballot list (tracker, area, candidate), the areas with their candidates and seats, the
seed, the census fingerprint, turnout per area and school, the result per area, and the
SHA-256 over ballots, result and seed. The public results page, the CSV, the JSON download
and `flask election verify` all read that frozen document, so they still agree after the
census is purged.
"""

import hashlib
import json
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from eservices.audit import services as audit
from eservices.database import UTCDateTime, utcnow
from eservices.extensions import db
from eservices.youth import tally, turnout
from eservices.youth.models import CANDIDATE_APPROVED, Ballot, Candidate, Election, PendingBallot

FORMAT = "ungdomsval-resultat/1"


class ResultError(Exception):
    """Certification is not possible now; `code` says why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


class ElectionResult(db.Model):
    """An election's lottery seed, and once certified its frozen, published result."""

    __tablename__ = "youth_results"

    election_id: Mapped[int] = mapped_column(
        ForeignKey("youth_elections.id", ondelete="CASCADE"), primary_key=True
    )
    seed: Mapped[str] = mapped_column(String(64))
    seed_commitment: Mapped[str] = mapped_column(String(64))
    document: Mapped[str | None] = mapped_column(Text)
    result_hash: Mapped[str | None] = mapped_column(String(64))
    certified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    certified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    @property
    def certified(self):
        """Whether the result is frozen and public."""
        return self.certified_at is not None

    def published(self):
        """The frozen document, as published; None before certification."""
        return json.loads(self.document) if self.document else None


audit.register_actions("election.certified")


def of(election):
    """The election's result row, or None before its seed is drawn."""
    return db.session.get(ElectionResult, election.id)


def commit_seed(election):
    """Draw the lottery seed once, before any vote: only its hash is shown until close."""
    if of(election) is not None:
        return
    seed = tally.new_seed()
    db.session.add(
        ElectionResult(election_id=election.id, seed=seed, seed_commitment=tally.commitment(seed))
    )
    db.session.commit()


def published_years():
    """The years whose result is certified and public, newest first."""
    return db.session.scalars(
        select(Election.year)
        .join(ElectionResult, ElectionResult.election_id == Election.id)
        .where(ElectionResult.certified_at.is_not(None))
        .order_by(Election.year.desc())
    ).all()


def seed_commitment(election):
    """The published commitment to the seed, or None when it is not drawn yet."""
    result = of(election)
    return result.seed_commitment if result else None


def _areas(election):
    """Each area's approved candidates (by id, with name) and seats, by area name."""
    candidates = db.session.scalars(
        select(Candidate)
        .where(Candidate.election_id == election.id, Candidate.status == CANDIDATE_APPROVED)
        .order_by(Candidate.id)
    ).all()
    areas = {}
    for area in election.areas:
        areas[area.name] = {
            "members": area.member_seats,
            "deputies": area.deputy_seats,
            "candidates": {
                str(candidate.id): candidate.name
                for candidate in candidates
                if candidate.area_id == area.id
            },
        }
    return areas


def _ballots(election):
    names = {area.id: area.name for area in election.areas}
    rows = db.session.execute(
        select(Ballot.tracker, Ballot.area_id, Ballot.candidate_id).where(
            Ballot.election_id == election.id
        )
    )
    return [
        (tracker, names[area_id], tally.BLANK if candidate is None else str(candidate))
        for tracker, area_id, candidate in rows
    ]


def recount(document):
    """Count the document's ballot list again with its seed: the per-area results."""
    areas = {
        name: (list(area["candidates"]), area["members"], area["deputies"])
        for name, area in document["areas"].items()
    }
    ballots = [tuple(row) for row in document["ballots"]]
    return tally.count(areas, ballots, document["seed"])


def build(election):
    """The result document as it stands now (ballots counted after close)."""
    result = of(election)
    document = {
        "format": FORMAT,
        "election": election.year,
        "seed": result.seed,
        "seed_commitment": result.seed_commitment,
        "census_fingerprint": election.census_fingerprint,
        "areas": _areas(election),
        "ballots": tally.ballot_list_rows(_ballots(election)),
        "turnout": {
            "areas": [[row.label, row.voters, row.voted] for row in turnout.by_area(election)],
            "schools": [[row.label, row.voters, row.voted] for row in turnout.by_school(election)],
        },
    }
    results = recount(document)
    document["results"] = [area.as_dict() for area in results]
    document["result_hash"] = tally.result_hash(document["ballots"], results, result.seed)
    return document


def certify(election, administrator):
    """Freeze and publish the result. Refused before close, with ballots still pooled, twice."""
    result = of(election)
    if election.closed_at is None or result is None:
        raise ResultError("open")
    pooled = db.session.scalar(
        select(PendingBallot.id).where(PendingBallot.election_id == election.id).limit(1)
    )
    if pooled is not None:
        raise ResultError("pooled")
    if result.certified:
        raise ResultError("certified")
    document = build(election)
    try:
        # Certify only if nobody did in the meantime: the result is frozen once.
        updated = db.session.execute(
            ElectionResult.__table__.update()
            .where(
                ElectionResult.election_id == election.id,
                ElectionResult.certified_at.is_(None),
            )
            .values(
                document=json.dumps(document, ensure_ascii=False, sort_keys=True),
                result_hash=document["result_hash"],
                certified_at=utcnow(),
                certified_by_id=administrator.id,
            )
        )
        if updated.rowcount != 1:
            raise ResultError("certified")
        audit.record(
            "election.certified",
            actor=administrator,
            object_type="election",
            object_id=str(election.year),
            result_hash=document["result_hash"],
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return document


def verify(document):
    """What does not match in a published document: recount, hash and seed. Empty when sound."""
    problems = []
    if hashlib.sha256(document["seed"].encode()).hexdigest() != document["seed_commitment"]:
        problems.append("the seed does not match the commitment published before voting")
    try:
        results = recount(document)
    except ValueError as exc:
        return [*problems, str(exc)]
    problems += tally.differences(document["results"], results)
    recomputed = tally.result_hash(document["ballots"], results, document["seed"])
    if recomputed != document["result_hash"]:
        problems.append(
            f"the result hash is {document['result_hash']}, the ballots and seed give {recomputed}"
        )
    return problems


def find_tracker(document, code):
    """The published ballot row of a tracker code (case and spaces ignored), or None."""
    wanted = "".join(code.split()).upper()
    for tracker, area, candidate in document["ballots"]:
        if tracker == wanted:
            name = document["areas"][area]["candidates"].get(candidate) if candidate else None
            return {"tracker": tracker, "area": area, "candidate": name}
    return None


def rows_for_csv(document):
    """Votes per candidate per area, with what each was elected as, for the CSV download."""
    for area in document["results"]:
        names = document["areas"][area["area"]]["candidates"]
        for key in area["order"]:
            elected = (
                "member" if key in area["members"] else "deputy" if key in area["deputies"] else ""
            )
            yield area["area"], names[key], area["votes"][key], elected
        yield area["area"], "", area["blank"], "blank"
