"""An election to test with: four areas as in Gothenburg, a school in each, and helpers
that build a census file."""

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eservices import parsers
from eservices.youth import services, voting
from eservices.youth.models import CANDIDATE_APPROVED, Candidate, School, Voter

AREAS = (("Nordost", 24_500), ("Centrum", 21_800), ("Sydväst", 25_900), ("Hisingen", 32_100))
SCHOOLS = (
    ("HJA", "Hjällboskolan", "Nordost"),
    ("JOH", "Johannebergsskolan", "Centrum"),
    ("FRO", "Frölundaskolan", "Sydväst"),
    ("TOR", "Torslandaskolan", "Hisingen"),
)
HEADER = "personnummer;namn;födelsedatum;skola;klass;årskurs;stadsområde"


@pytest.fixture
def make_election(db):
    """An election whose voting opens on `first_day` (default: yesterday, so it is open)."""

    def factory(year=2026, first_day=None, days=10, **settings):
        first_day = first_day or parsers.today_in_sweden() - timedelta(days=1)
        opens, closes = services.window(first_day, first_day + timedelta(days=days - 1))
        candidacy_opens, candidacy_closes = services.window(
            first_day - timedelta(days=36), first_day - timedelta(days=7)
        )
        election = services.save_election(
            year=year,
            voting_opens_at=opens,
            voting_closes_at=closes,
            candidacy_opens_at=candidacy_opens,
            candidacy_closes_at=candidacy_closes,
            **settings,
        )
        areas = {name: services.add_area(election, name, pop) for name, pop in AREAS}
        for code, name, area in SCHOOLS:
            services.add_school(election, code, name, areas[area])
        return election

    return factory


@pytest.fixture
def election(make_election):
    """The 2026 election, open for voting."""
    return make_election()


def pnr_born(born, serial="238"):
    """A valid personnummer for someone born on `born` (a date)."""
    first9 = born.strftime("%y%m%d") + serial
    return born.strftime("%Y") + parsers.with_check_digit(first9)[2:]


def census_file(*rows, header=HEADER):
    """CSV bytes of the header and rows (each a tuple of the seven columns)."""
    lines = [header] + [";".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def pupil(born=date(2013, 3, 1), name="Ella Ek", school="HJA", klass="7A", year=7, pnr=True):
    """A census row for a pupil of Hjällboskolan in Nordost unless told otherwise."""
    area = {code: area for code, _name, area in SCHOOLS}.get(school, "Nordost")
    number = pnr_born(born) if pnr is True else (pnr or "")
    return (number, name, born.isoformat(), school, klass, year, area)


@pytest.fixture
def candidates(db, election):
    """Two approved candidates in each area of the election, and one waiting in Nordost."""
    found = {}
    for area in election.areas:
        for given in ("Alva", "Bo"):
            candidate = Candidate(
                election_id=election.id,
                area_id=area.id,
                name=f"{given} {area.name}",
                presentation=f"Jag vill ha fler fritidsgårdar i {area.name}.",
                status=CANDIDATE_APPROVED,
            )
            db.session.add(candidate)
            found.setdefault(area.name, []).append(candidate)
    db.session.add(
        Candidate(election_id=election.id, area_id=election.areas[0].id, name="Väntar Granskning")
    )
    db.session.commit()
    return found


@pytest.fixture
def make_voters(db, election):
    """`make_voters(n, school="HJA", klass="7A")`: n voters without personnummer."""

    def factory(n, school="HJA", klass="7A"):
        school_row = db.session.scalar(select(School).filter_by(code=school))
        voters = [
            Voter(
                election_id=election.id,
                census_key=f"{school}-{klass}-{i}-{uuid.uuid4().hex}",
                name=f"Elev {i}",
                birth_date=date(2013, 1, 1),
                school_id=school_row.id,
                class_name=klass,
                school_year=7,
                area_id=school_row.area_id,
            )
            for i in range(n)
        ]
        db.session.add_all(voters)
        db.session.commit()
        return voters

    return factory


@pytest.fixture
def closed(db, election, candidates, make_voters):
    """Voting in Nordost (members 1, deputies 1 there) is over: 3, 2 and 1 blank; then closed."""
    services.compute_seats(election)
    nordost = next(area for area in election.areas if area.name == "Nordost")
    services.override_seats(nordost, 1, 1, "En ledamot och en ersättare i provet.")
    alva, bo = candidates["Nordost"]
    trackers = {}
    for voter, choice in zip(make_voters(6), [alva, alva, alva, bo, bo, None], strict=True):
        tracker = voting.cast_vote(election, voter.id, choice.id if choice else None)
        trackers[tracker] = choice.name if choice else None
    voting.close_voting(election)
    return election, trackers


@pytest.fixture
def admin(make_staff):
    return make_staff(role="election_admin")
