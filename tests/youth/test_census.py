"""Importing the census: every row checked, a report by line, re-import updates."""

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select

from eservices.youth import census
from eservices.youth.models import Voter
from tests.youth.conftest import census_file, pnr_born, pupil

FIRST_DAY = date(2026, 11, 6)


@pytest.fixture(autouse=True)
def in_a_request(app, db):
    """Reasons are worded in the language of a request, as on the import page: English here."""
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield


@pytest.fixture
def november(make_election):
    """The 2026 election, first voting day 6 November."""
    return make_election(first_day=FIRST_DAY)


def reasons(report):
    return {line: " ".join(str(r) for r in found) for line, found in report.rejected}


def voters(db):
    return db.session.scalars(select(Voter).order_by(Voter.id)).all()


def test_valid_rows_are_added(db, november):
    data = census_file(
        pupil(name="Ella Ek"),
        pupil(name="Omar Ali", born=date(2014, 2, 2), school="TOR", klass="6B", year=6),
        pupil(name="Lina Berg", pnr=None),
    )
    report = census.import_csv(november, data)
    assert (report.added, report.updated, report.rejected) == (3, 0, [])
    ella, omar, lina = voters(db)
    assert (ella.name, ella.school.code, ella.class_name, ella.area.name) == (
        "Ella Ek",
        "HJA",
        "7A",
        "Nordost",
    )
    assert omar.area.name == "Hisingen" and omar.school_year == 6
    assert ella.pnr_hash and lina.pnr_hash is None
    assert not ella.has_voted


def test_the_number_is_stored_only_as_a_keyed_hash(db, november):
    number = pnr_born(date(2013, 3, 1))
    census.import_csv(november, census_file(pupil()))
    stored = " ".join(str(v) for v in db.session.execute(select(Voter.__table__)).one())
    assert number not in stored and number[2:] not in stored


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (pupil(pnr="201303012381"), "Check the last four digits"),
        (pupil(pnr="201302302386"), "real date of birth"),
        (("", "Ella", "2013-02-30", "HJA", "7A", 7, "Nordost"), "date that exists"),
        (pupil(school="XXX"), "School"),
        (("", "Ella", "2013-03-01", "HJA", "7A", 7, "Angered"), "City area"),
        (("", "Ella", "2013-03-01", "HJA", "7A", 7, "Centrum"), "is not in Centrum"),
        (pupil(year=4, born=date(2015, 5, 5)), "school year 5"),
        (pupil(born=date(2008, 11, 6), year=12), "18 or older"),
        (("", "", "2013-03-01", "HJA", "7A", 7, "Nordost"), "Enter name"),
        (
            ("", "Ella", "2013-03-01", "HJA", "7A", "sju", "Nordost"),
            "“School year”: enter a number",
        ),
        (
            (pnr_born(date(2013, 3, 2)), "Ella", "2013-03-01", "HJA", "7A", 7, "Nordost"),
            "date of birth differs",
        ),
    ],
)
def test_each_bad_row_is_reported_by_line_and_reason(db, november, row, reason):
    report = census.import_csv(november, census_file(pupil(name="Ok Person"), row))
    assert report.added == 1
    assert list(reasons(report)) == [3]
    assert reason in reasons(report)[3]


def test_a_pupil_who_turns_18_the_day_after_the_first_voting_day_may_vote(db, november):
    row = pupil(born=date(2008, 11, 7), year=12)
    assert census.import_csv(november, census_file(row)).rejected == []


def test_the_same_pupil_twice_in_a_file_is_reported(db, november):
    report = census.import_csv(november, census_file(pupil(), pupil(klass="7B")))
    assert reasons(report) == {3: "The same pupil as on line 2."}


def test_a_reimport_updates_instead_of_duplicating(db, november):
    census.import_csv(november, census_file(pupil(), pupil(name="Lina Berg", pnr=None)))
    report = census.import_csv(
        november, census_file(pupil(klass="8A", year=8), pupil(name="Lina Berg", pnr=None))
    )
    assert (report.added, report.updated) == (0, 2)
    assert db.session.scalar(select(func.count(Voter.id))) == 2
    assert voters(db)[0].class_name == "8A"


def test_commas_and_plain_headers_are_read(db, november):
    data = census_file(
        pupil(), header="Personnummer,Namn,Fodelsedatum,Skola,Klass,Arskurs,Stadsomrade"
    ).replace(b";", b",")
    assert census.import_csv(november, data).added == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"namn;skola\nElla;HJA\n", "lacks the columns: personnummer, fodelsedatum"),
        ("personnummer;namn\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_a_file_that_is_not_a_census_is_refused_whole(db, november, data, message):
    with pytest.raises(census.CensusError, match=message):
        census.import_csv(november, data)


def test_the_fingerprint_is_sha256_of_the_canonical_form_and_freezes_the_census(db, november):
    census.import_csv(november, census_file(pupil(), pupil(name="Lina Berg", pnr=None)))
    canonical = census.canonical_form(november)
    lines = canonical.splitlines()
    assert len(lines) == 2 and lines == sorted(lines)
    assert lines[0].endswith(";2013-03-01;HJA;7A;7;Nordost")
    assert "Ella" not in canonical
    published = census.publish_fingerprint(november)
    assert published == hashlib.sha256(canonical.encode()).hexdigest()
    assert november.census_published_at is not None
    with pytest.raises(census.CensusError, match="frozen"):
        census.import_csv(november, census_file(pupil(name="Ny Elev", pnr=None)))
    assert census.publish_fingerprint(november) == published
