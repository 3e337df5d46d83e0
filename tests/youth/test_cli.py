"""`flask election close`, `tick`, `move-pool` and `import-census`."""

from datetime import timedelta

from sqlalchemy import func, select

from eservices.database import utcnow
from eservices.youth import voting
from eservices.youth.models import Ballot, PendingBallot
from tests.youth.conftest import census_file, pupil


def run(app, *args):
    return app.test_cli_runner().invoke(args=["election", *args])


def test_close_moves_every_ballot(app, db, election, candidates, make_voters):
    for voter in make_voters(2):
        voting.cast_vote(election, voter.id, None)
    assert run(app, "close", str(election.year)).exit_code == 1  # still open
    result = run(app, "close", str(election.year), "--early")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(PendingBallot)) == 0
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 2


def test_tick_closes_an_election_once_its_voting_window_has_ended(app, db, election, make_voters):
    for voter in make_voters(2):
        voting.cast_vote(election, voter.id, None)
    assert "is closed" not in run(app, "tick").output  # the window is still open
    assert election.closed_at is None
    election.voting_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    result = run(app, "tick")
    assert result.exit_code == 0, result.output
    assert f"Voting in {election.year} is closed" in result.output
    db.session.expire_all()
    assert election.closed_at is not None
    assert db.session.scalar(select(func.count()).select_from(PendingBallot)) == 0
    assert db.session.scalar(select(func.count()).select_from(Ballot)) == 2
    # Run again: nothing more to close, and the closing time stands.
    closed_at = election.closed_at
    assert "is closed" not in run(app, "tick").output
    db.session.expire_all()
    assert election.closed_at == closed_at


def test_move_pool_waits_for_k(app, db, election, make_voters):
    voting.cast_vote(election, make_voters(1)[0].id, None)
    assert run(app, "move-pool").output.strip() == "moved 0 ballots"


def test_import_census_lists_rejected_rows_as_file_line_reason(app, db, election, tmp_path):
    path = tmp_path / "census.csv"
    path.write_bytes(census_file(pupil(), pupil(name="", pnr=None)))
    result = run(app, "import-census", str(election.year), str(path))
    assert result.exit_code == 1
    assert f"{path}:3: Enter name." in result.output
    assert "1 added, 0 updated, 1 rejected" in result.output
