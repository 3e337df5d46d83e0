"""After close: certification freezes the count, the public sees it, anyone can verify it."""

import hashlib
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.youth import results
from eservices.youth.cli import election_group
from tests.conftest import csrf_token, staff_client


def test_the_seed_is_committed_to_when_the_election_is_made(db, election):
    result = results.of(election)
    assert result.seed_commitment == hashlib.sha256(result.seed.encode()).hexdigest()
    assert not result.certified


def test_certifying_freezes_the_count_with_its_hash(db, closed, admin):
    election, trackers = closed
    document = results.certify(election, admin)
    (nordost,) = [area for area in document["results"] if area["area"] == "Nordost"]
    names = document["areas"]["Nordost"]["candidates"]
    assert [names[key] for key in nordost["members"]] == ["Alva Nordost"]
    assert [names[key] for key in nordost["deputies"]] == ["Bo Nordost"]
    assert nordost["blank"] == 1
    assert sorted(row[0] for row in document["ballots"]) == sorted(trackers)
    assert results.verify(document) == []
    with pytest.raises(results.ResultError) as again:
        results.certify(election, admin)
    assert again.value.code == "certified"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "election.certified"))
    assert event is not None


def test_an_open_election_cannot_be_certified(db, election, admin):
    with pytest.raises(results.ResultError) as refused:
        results.certify(election, admin)
    assert refused.value.code == "open"


def test_verification_names_a_changed_ballot_a_changed_count_and_a_changed_seed(db, closed, admin):
    election, _trackers = closed
    document = results.certify(election, admin)

    changed = json.loads(json.dumps(document))
    tracker, area, candidate = changed["ballots"][0]
    others = [key for key in changed["areas"][area]["candidates"] if key != candidate]
    changed["ballots"][0] = [tracker, area, others[0]]
    problems = results.verify(changed)
    assert any("Nordost: votes" in line for line in problems)
    assert any("result hash" in line for line in problems)

    recounted = json.loads(json.dumps(document))
    recounted["results"][0]["blank"] += 1
    assert any(": blank published" in line for line in results.verify(recounted))

    reseeded = json.loads(json.dumps(document))
    reseeded["seed"] = "00" * 32
    assert any("commitment" in line for line in results.verify(reseeded))


def test_flask_election_verify_checks_the_downloaded_document(app, db, closed, admin, tmp_path):
    election, _trackers = closed
    document = results.certify(election, admin)
    path = tmp_path / "resultat.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    runner = CliRunner()
    with app.app_context():
        sound = runner.invoke(election_group, ["verify", str(path)])
        assert sound.exit_code == 0, sound.output
        assert "is sound: 6 ballots" in sound.output
        from_database = runner.invoke(election_group, ["verify", str(election.year)])
        assert from_database.exit_code == 0, from_database.output
    document["result_hash"] = "0" * 64
    path.write_text(json.dumps(document), encoding="utf-8")
    with app.app_context():
        broken = runner.invoke(election_group, ["verify", str(path)])
    assert broken.exit_code == 1
    assert "the result hash is 000" in broken.output


def test_the_public_sees_the_result_the_ballot_list_and_finds_a_tracker(
    app, client, db, closed, admin
):
    election, trackers = closed
    year = election.year
    assert client.get(f"/ungdomsval/{year}/resultat").status_code == 404  # not before certifying
    results.certify(election, admin)
    page = client.get(f"/ungdomsval/{year}/resultat")
    assert page.status_code == 200
    assert "Alva Nordost" in page.text and results.of(election).result_hash in page.text
    ballots = client.get(f"/ungdomsval/{year}/valsedlar")
    assert all(tracker in ballots.text for tracker in trackers)
    tracker, name = next((t, n) for t, n in trackers.items() if n)
    found = client.get(f"/ungdomsval/{year}/min-rost", query_string={"kod": tracker.lower()})
    assert name in found.text
    missing = client.get(f"/ungdomsval/{year}/min-rost", query_string={"kod": "AAAAA-AAAAA"})
    assert "No ballot has that tracker code" in missing.text or "Ingen valsedel" in missing.text
    csv_text = client.get(f"/ungdomsval/{year}/resultat.csv").get_data(as_text=True)
    assert "Alva Nordost;3;" in csv_text
    downloaded = client.get(f"/ungdomsval/{year}/resultat.json").get_json()
    assert results.verify(downloaded) == []


def test_the_administrator_certifies_through_a_confirm_page(app, db, closed, admin):
    election, _trackers = closed
    client = staff_client(app, admin)
    url = f"/ungdomsval/admin/{election.year}/certifiera"
    page = client.get(url)
    assert "Alva Nordost" in page.text
    done = client.post(url, data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 302
    assert results.of(election).certified


@pytest.mark.parametrize("role, status", [("handler", 403), ("manager", 403)])
def test_only_election_administrators_certify(app, db, closed, make_staff, role, status):
    election, _trackers = closed
    client = staff_client(app, make_staff(role=role))
    assert client.get(f"/ungdomsval/admin/{election.year}/certifiera").status_code == status
    assert not results.of(election).certified
