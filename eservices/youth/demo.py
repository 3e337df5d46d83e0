"""Demo data for the youth election: this year's election open for voting, candidates in
every area, a census, and a demo class whose voting codes are fixed so a demo can use them;
and last year's election, voted, counted, certified and published by the real services.

Loaded by `flask demo load` (eservices.demo), never in production; running it again
changes nothing.
"""

from datetime import date, timedelta

from sqlalchemy import select

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.database import transaction
from eservices.extensions import db
from eservices.youth import census, codes, results, services, voting
from eservices.youth.models import CANDIDATE_APPROVED, Candidate, Election, Voter, VotingCode

DEMO_SCHOOL = "DEMO"
# (area, child population, school code, school name)
AREAS = (
    ("Nordost", 24_500, "HJA", "Hjällboskolan"),
    ("Centrum", 21_800, DEMO_SCHOOL, "Demoskolan"),
    ("Sydväst", 25_900, "FRO", "Frölundaskolan"),
    ("Hisingen", 32_100, "TOR", "Torslandaskolan"),
)
CANDIDATES = {
    "Nordost": (
        ("Amira Hassan", "Fler fritidsgårdar som är öppna på helgen."),
        ("Leo Lindqvist", "Säkrare cykelvägar till skolan."),
        ("Noah Karlsson", "Gratis bussresor för alla under 18."),
    ),
    "Centrum": (
        ("Ella Nyström", "Mer grönt och fler bänkar i stan."),
        ("Yusuf Ali", "Billigare träningskort för unga."),
        ("Maja Berg", "Bättre skolmat med mer vegetariskt."),
    ),
    "Sydväst": (
        ("Saga Holm", "Rena stränder och fler papperskorgar."),
        ("Omar Aziz", "Fler sommarjobb för unga."),
    ),
    "Hisingen": (
        ("Wilma Ek", "Längre öppettider på biblioteken."),
        ("Hugo Strand", "En skatepark på norra Hisingen."),
        ("Nora Persson", "Mer hjälp med läxor efter skolan."),
    ),
}
# The demo class 7A of Demoskolan: pupils without personnummer vote with these codes.
DEMO_CLASS = "7A"
DEMO_CODES = (
    ("Alice Demo", "DEMA-ACDE-FHJK"),
    ("Bilal Demo", "DEMA-MNPR-TUVW"),
    ("Cleo Demo", "DEMA-XY34-6793"),
    ("Dani Demo", "DEMA-CAFE-HJKM"),
    ("Emil Demo", "DEMA-NPRT-UVWX"),
)
# Pupils with a (made-up) personnummer, who vote with the test e-ID.
DEMO_EID_PUPILS = (("Fia Demo", date(2012, 5, 14), "7B"), ("Gabriel Demo", date(2011, 9, 2), "8A"))


# Last year's candidates, each with the votes they got, and the blank votes, per area.
# Two in Nordost tie for its deputy seat, so the result shows a lottery drawn from the seed.
LAST_YEAR = {
    "Nordost": ((("Selma Ahmed", 9), ("Viktor Lind", 6), ("Hanna Olsson", 6)), 2),
    "Centrum": ((("Alva Sjöberg", 8), ("Isak Nilsson", 5)), 1),
    "Sydväst": ((("Liam Johansson", 7), ("Tindra Ek", 4), ("Ali Hussein", 2)), 1),
    "Hisingen": ((("Elsa Lundgren", 10), ("Adam Berglund", 7), ("Meja Holm", 3)), 2),
}
# Pupils in last year's census for each one who voted: a turnout of a third.
CENSUS_PER_VOTE = 3


def load(contact_email, administrator_email=None):
    """Create last year's certified election and this year's, open for voting since
    yesterday, where they are missing."""
    administrator = accounts.find_staff(administrator_email) if administrator_email else None
    if administrator is not None:
        load_last_year(administrator)
    year = parsers.today_in_sweden().year
    election = db.session.scalar(select(Election).filter_by(year=year))
    if election is not None:
        return election
    first_day = parsers.today_in_sweden() - timedelta(days=1)
    voting = services.window(first_day, first_day + timedelta(days=9))
    candidacy = services.window(first_day - timedelta(days=36), first_day - timedelta(days=8))
    election = services.save_election(
        year=year,
        voting_opens_at=voting[0],
        voting_closes_at=voting[1],
        candidacy_opens_at=candidacy[0],
        candidacy_closes_at=candidacy[1],
    )
    schools = {}
    for name, population, code, school_name in AREAS:
        area = services.add_area(election, name, population)
        schools[name] = services.add_school(election, code, school_name, area)
    services.compute_seats(election)
    with transaction():
        for area_name, people in CANDIDATES.items():
            school = schools[area_name]
            for name, text in people:
                db.session.add(
                    Candidate(
                        election_id=election.id,
                        area_id=school.area_id,
                        school_id=school.id,
                        name=name,
                        presentation=text,
                        status=CANDIDATE_APPROVED,
                    )
                )
    _census(election, schools["Centrum"])
    contact = accounts.find_staff(contact_email)
    if contact is not None:
        services.set_contact(schools["Centrum"], contact)
    return election


def load_last_year(administrator):
    """Last year's election, voted through the ballot's own service, closed, counted and
    certified by `administrator`: its result is public and `flask election verify` passes."""
    today = parsers.today_in_sweden()
    year = today.year - 1
    if db.session.scalar(select(Election).filter_by(year=year)) is not None:
        return
    # Voting is open now while the votes are cast; the dates then move to last November.
    voting_now = services.window(today - timedelta(days=1), today + timedelta(days=1))
    candidacy_before = services.window(today - timedelta(days=40), today - timedelta(days=2))
    election = services.save_election(
        year=year,
        members=8,
        deputies=4,
        voting_opens_at=voting_now[0],
        voting_closes_at=voting_now[1],
        candidacy_opens_at=candidacy_before[0],
        candidacy_closes_at=candidacy_before[1],
    )
    ballots = []
    for name, population, code, school_name in AREAS:
        area = services.add_area(election, name, population)
        school = services.add_school(election, code, school_name, area)
        people, blank = LAST_YEAR[name]
        with transaction():
            standing = [
                Candidate(
                    election_id=election.id,
                    area_id=area.id,
                    school_id=school.id,
                    name=person,
                    presentation=CANDIDATES[name][0][1],
                    status=CANDIDATE_APPROVED,
                )
                for person, _votes in people
            ]
            db.session.add_all(standing)
        chosen = [c for c, (_p, votes) in zip(standing, people, strict=True) for _ in range(votes)]
        chosen += [None] * blank
        voters = _class_list(election, school, len(chosen) * CENSUS_PER_VOTE)
        ballots += zip(voters[: len(chosen)], chosen, strict=True)
    services.compute_seats(election)
    voting.open_voting(election)
    for voter, candidate in ballots:
        voting.cast_vote(election, voter.id, candidate.id if candidate else None)
    voting.close_voting(election)
    first_day = date(year, 11, 10)
    voting_window = services.window(first_day, first_day + timedelta(days=9))
    candidacy = services.window(date(year, 10, 1), date(year, 10, 31))
    services.save_election(
        election,
        voting_opens_at=voting_window[0],
        voting_closes_at=voting_window[1],
        candidacy_opens_at=candidacy[0],
        candidacy_closes_at=candidacy[1],
        closed_at=voting_window[1],
    )
    results.certify(election, administrator)


def _class_list(election, school, size):
    """`size` made-up pupils of class 8A at `school`, in the census."""
    with transaction():
        pupils = [
            _pupil(election, school, f"Elev {n} {school.code}", date(2011, 1, 1 + n % 28), "8A")
            for n in range(size)
        ]
        db.session.add_all(pupils)
    return pupils


def _census(election, school):
    with transaction():
        for n, (name, _code) in enumerate(DEMO_CODES):
            db.session.add(_pupil(election, school, name, date(2013, 1, 10 + n), DEMO_CLASS))
        for name, born, klass in DEMO_EID_PUPILS:
            voter = _pupil(election, school, name, born, klass)
            voter.pnr_hash = voter.census_key = _pnr_hash(born)
            db.session.add(voter)
    demo_class = db.session.scalars(
        select(Voter).where(Voter.school_id == school.id, Voter.class_name == DEMO_CLASS)
    ).all()
    by_name = {voter.name: voter for voter in demo_class}
    with transaction():
        for name, code in DEMO_CODES:
            db.session.add(VotingCode(voter_id=by_name[name].id, code_hash=codes.code_hash(code)))


def _pupil(election, school, name, born, klass):
    row = {"personnummer": None, "name": name, "birth_date": born, "school": school.code}
    return Voter(
        election_id=election.id,
        census_key=census.census_key(row),
        name=name,
        birth_date=born,
        school_id=school.id,
        class_name=klass,
        school_year=int(klass[0]),
        area_id=school.area_id,
    )


def codes_to_show(school, config):
    """The demo class's fixed codes, for the demo school's page in a test environment only."""
    if not config["TEST_EID_ENABLED"] or school.code != DEMO_SCHOOL:
        return ()
    return DEMO_CODES


def demo_pnr(born):
    """The made-up personnummer of a demo pupil born on `born`."""
    first9 = born.strftime("%y%m%d") + "238"
    return born.strftime("%Y") + parsers.with_check_digit(first9)[2:]


def _pnr_hash(born):
    return census.pnr_hash(parsers.parse_personnummer(demo_pnr(born)))


def summary():
    """Lines for `make run`: where to vote, and the demo class's codes."""
    lines = [
        "Youth election: /ungdomsval/ (open for voting). Voting codes of Demoskolan, class 7A:"
    ]
    lines += [f"  {code}  {name}" for name, code in DEMO_CODES]
    lines.append(
        "  or the test e-ID with " + ", ".join(demo_pnr(b) for _, b, _ in DEMO_EID_PUPILS)
    )
    lines.append("  School contact skolkontakt@example.se prints new code slips on her page.")
    last_year = parsers.today_in_sweden().year - 1
    lines.append(
        f"  Last year's certified result: /ungdomsval/{last_year}/resultat"
        f" (check it with `flask election verify {last_year}`)."
    )
    return lines
