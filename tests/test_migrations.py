"""The migrations make exactly the schema that the models describe, on either database."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

from eservices import create_app
from eservices.database import described_by_models
from eservices.extensions import db as _db


def test_migrated_database_matches_the_models(app, db):
    with db.engine.connect() as connection:
        options = {"compare_type": True, "include_name": described_by_models}
        context = MigrationContext.configure(connection, opts=options)
        differences = compare_metadata(context, _db.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_migrations_created_every_table(app, db):
    tables = set(inspect(db.engine).get_table_names())
    assert {t.name for t in _db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


@pytest.fixture
def walk(tmp_path, monkeypatch):
    """An app on its own SQLite file, whatever DATABASE_URL says, for a test that walks the
    revisions one by one (upgrade, downgrade) inside its app context."""
    monkeypatch.setenv("ESERVICES_INSTANCE", str(tmp_path / "instance"))
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'walk.sqlite'}")
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


def test_answers_written_before_encryption_are_converted_both_ways(walk):
    answers = {"child_personnummer": "201501012384", "note": "Vägen är farlig"}
    upgrade(revision="0003")
    with _db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO units (slug, name_sv, name_en, is_active, created_at)"
                " VALUES ('u', 'U', '', 1, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cases (number, service_id, service_version, unit_id, status,"
                " channel, answers, submitted_at, due_at) VALUES ('2026-000001', 's', 1, 1,"
                " 'received', 'digital', :answers, '2026-01-01 00:00:00',"
                " '2026-01-02 00:00:00')"
            ),
            {"answers": json.dumps(answers)},
        )
    upgrade()
    with _db.engine.connect() as conn:
        stored = conn.execute(text("SELECT answers FROM cases")).scalar()
    assert "201501012384" not in stored
    from eservices.cases.models import Case

    assert _db.session.get(Case, 1).answers == answers
    _db.session.remove()
    downgrade(revision="0003")
    with _db.engine.connect() as conn:
        assert json.loads(conn.execute(text("SELECT answers FROM cases")).scalar()) == answers


def test_committees_become_units_of_their_own_kind_with_their_members(walk):
    upgrade(revision="0009")
    with _db.engine.begin() as conn:
        for statement in (
            "INSERT INTO users (id, kind, given_name, family_name, is_active, created_at,"
            " notify_status, notify_messages) VALUES (7, 'staff', 'Nils', 'N', 1,"
            " '2026-01-01 00:00:00', 1, 1)",
            "INSERT INTO units (slug, name_sv, name_en, is_active, created_at)"
            " VALUES ('kultur', 'Kulturförvaltningen', '', 1, '2026-01-01 00:00:00')",
            "INSERT INTO committees (id, slug, name_sv, name_en, is_active, created_at)"
            " VALUES (1, 'kultur', 'Kulturnämnden', '', 1, '2026-01-01 00:00:00'),"
            " (2, 'idrott', 'Idrottsnämnden', '', 0, '2026-01-01 00:00:00')",
            "INSERT INTO committee_memberships (user_id, committee_id) VALUES (7, 1), (7, 2)",
        ):
            conn.execute(text(statement))
    upgrade()
    query = (
        "SELECT u.kind, u.slug, u.is_active, m.user_id FROM units u"
        " LEFT JOIN unit_memberships m ON m.unit_id = u.id ORDER BY u.id"
    )
    with _db.engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(text(query))]
    assert rows == [
        ("unit", "kultur", True, None),
        ("committee", "kultur-namnd", True, 7),
        ("committee", "idrott", False, 7),
    ]
    downgrade(revision="0009")
    with _db.engine.connect() as conn:
        committees = conn.execute(text("SELECT slug FROM committees ORDER BY slug")).all()
        members = conn.execute(text("SELECT count(*) FROM committee_memberships")).scalar()
        units = conn.execute(text("SELECT count(*) FROM units")).scalar()
    assert [row.slug for row in committees] == ["idrott", "kultur-namnd"]
    assert (members, units) == (2, 1)


def test_cases_that_were_pushed_before_events_count_their_creation_as_one(walk):
    upgrade(revision="0011")
    with _db.engine.begin() as conn:
        for statement in (
            "INSERT INTO units (id, slug, name_sv, name_en, is_active, created_at)"
            " VALUES (1, 'park', 'Park', '', 1, '2026-01-01 00:00:00')",
            "INSERT INTO cases (id, number, service_id, service_version, unit_id, status,"
            " channel, answers, submitted_at, due_at) VALUES (1, '2026-000001', 's', 1, 1,"
            " 'received', 'digital', 'x', '2026-01-01 00:00:00', '2026-01-02 00:00:00')",
            "INSERT INTO webhook_deliveries (case_id, unit_id, event, status, attempts,"
            " created_at, next_attempt_at, last_status_code, last_error) VALUES (1, 1,"
            " 'case.created', 'pending', 3, '2026-01-01 00:00:00', '2026-01-01 00:00:00',"
            " 400, 'HTTP 400: Anna Andersson saknas i registret')",
        ):
            conn.execute(text(statement))
    upgrade()
    with _db.engine.connect() as conn:
        delivery = conn.execute(
            text("SELECT sequence, includes_case, last_error FROM webhook_deliveries")
        ).one()
        counter = conn.execute(text("SELECT case_id, last_sequence FROM case_sequences")).one()
    assert tuple(delivery) == (1, True, None)
    assert tuple(counter) == (1, 1)
    downgrade(revision="0011")
    with _db.engine.connect() as conn:
        kept = conn.execute(text("SELECT event, attempts FROM webhook_deliveries")).one()
    assert tuple(kept) == ("case.created", 3)


def test_entries_logged_before_the_chain_are_chained_and_sent_links_removed(walk):
    upgrade(revision="0012")
    with _db.engine.begin() as conn:
        for n, action in enumerate(("login.success", "case.submitted", "logout"), start=1):
            conn.execute(
                text(
                    "INSERT INTO audit_events (occurred_at, actor_id, actor_label, action,"
                    " details) VALUES (:at, 7, 'Anna', :action, :details)"
                ),
                {"at": f"2026-01-0{n} 10:00:00.123456", "action": action, "details": '{"n": 1}'},
            )
        for status, body in (
            ("sent", "Följ ärendet: http://127.0.0.1:5000/folj/hemlig-sent\n"),
            ("pending", "Följ ärendet: http://127.0.0.1:5000/folj/hemlig-pending\n"),
        ):
            conn.execute(
                text(
                    "INSERT INTO outbox_messages (created_at, to_address, subject, body_text,"
                    " status, attempts, next_attempt_at) VALUES ('2026-01-01 00:00:00',"
                    " 'kim@example.se', 'Kvitto', :body, :status, 0, '2026-01-01 00:00:00')"
                ),
                {"body": body, "status": status},
            )
    upgrade()
    result = walk.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "3 entries" in result.output
    from eservices.audit import services as audit

    audit.record("logout", object_type="users", object_id=7)
    _db.session.commit()
    assert "4 entries" in walk.test_cli_runner().invoke(args=["audit", "verify"]).output
    _db.session.remove()
    with _db.engine.connect() as conn:
        bodies = dict(conn.execute(text("SELECT status, body_text FROM outbox_messages")).all())
    assert "hemlig-sent" not in bodies["sent"] and "Följ ärendet" in bodies["sent"]
    assert "hemlig-pending" in bodies["pending"]  # still to be sent, as it is
    downgrade(revision="0012")
    with _db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 4
    with pytest.raises(DatabaseError, match="append-only"), _db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_events"))
