"""The census is purged by the retention run a set time after certification; the result stays."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eservices.retention import services as retention
from eservices.youth import codes, results
from eservices.youth.models import Voter, VotingCode


def main_content(page):
    """What the page says, without the per-response nonce and form token around it."""
    return re.search(r"<main.*</main>", page.text, re.S).group(0)


def census_size(db):
    return (
        db.session.scalar(select(func.count()).select_from(Voter)),
        db.session.scalar(select(func.count()).select_from(VotingCode)),
    )


@pytest.fixture
def certified(db, closed, admin, make_voters):
    """Certified with 6 voters who voted and 2 who did not, holding unused codes."""
    election, _trackers = closed
    codes.issue(make_voters(2, klass="7B"))
    results.certify(election, admin)
    return election, results.of(election).certified_at


def test_the_census_stays_until_the_purge_days_have_passed(app, db, certified):
    _election, certified_at = certified
    assert app.config["ELECTION_CENSUS_PURGE_DAYS"] == 90
    report = retention.run(now=certified_at + timedelta(days=89))
    assert report["election_census"].count == 0
    assert census_size(db) == (8, 2)


def test_a_dry_run_names_the_census_rows_and_changes_nothing(app, db, certified):
    _election, certified_at = certified
    report = retention.run(now=certified_at + timedelta(days=91), dry_run=True)
    assert (
        report.lines().count("8 census rows certified more than 90 days ago would be purged.") == 1
    )
    assert census_size(db) == (8, 2)


def test_after_the_purge_days_the_census_is_gone_and_the_result_still_shows(
    app, client, db, certified
):
    election, certified_at = certified
    year = election.year
    page_before = main_content(client.get(f"/ungdomsval/{year}/resultat"))
    output = app.test_cli_runner().invoke(args=["retention", "run"]).output
    assert "0 census rows" in output  # today is well inside the 90 days

    report = retention.run(now=certified_at + timedelta(days=91))
    assert report["election_census"].count == 8
    assert census_size(db) == (0, 0)
    page = client.get(f"/ungdomsval/{year}/resultat")
    assert page.status_code == 200
    assert main_content(page) == page_before
    assert "Alva Nordost" in page.text and results.of(election).result_hash in page.text
    assert results.verify(client.get(f"/ungdomsval/{year}/resultat.json").get_json()) == []

    again = retention.run(now=certified_at + timedelta(days=92))
    assert again["election_census"].count == 0


def test_the_purge_days_are_a_setting(app, db, certified):
    _election, certified_at = certified
    app.config["ELECTION_CENSUS_PURGE_DAYS"] = 30
    report = retention.run(now=certified_at + timedelta(days=31))
    assert report["election_census"].lines() == [
        "8 census rows certified more than 30 days ago purged."
    ]
    assert census_size(db) == (0, 0)
