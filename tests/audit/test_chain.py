"""Each audit entry is chained to the one before by hash: `flask audit verify` finds the
first entry that was changed, removed or cut off, and the log cannot be truncated."""

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from eservices.audit import services as audit
from eservices.audit.models import AuditEvent
from tests.conftest import ON_POSTGRES


def _record(db, count, action="profile.updated"):
    for n in range(count):
        audit.record(action, object_type="users", object_id=n, n=n, note="åäö")
        db.session.commit()


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def _bypass_triggers(db, statement, **params):
    """What someone with the database owner's rights could do, around the triggers."""
    with db.engine.begin() as conn:
        if ON_POSTGRES:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))
        conn.execute(text(statement), params)
        if ON_POSTGRES:
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
    db.session.expire_all()


def _ids(db):
    return db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.chain_seq)).all()


def test_an_untouched_log_verifies(app, db):
    _record(db, 3)
    # Several entries in one transaction take consecutive places too.
    audit.record("logout", object_type="users", object_id=1)
    audit.record("login.success", object_type="users", object_id=1)
    db.session.commit()
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "5 entries" in result.output
    assert db.session.scalars(select(AuditEvent.chain_seq).order_by(AuditEvent.id)).all() == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_an_empty_log_verifies(app, db):
    assert _verify(app).exit_code == 0


@pytest.mark.parametrize(
    "change",
    [
        "action = 'login.success'",
        'details = \'{"n": 7, "note": "åäö"}\'',
        "actor_label = 'someone else'",
        "ip = '10.0.0.1'",
        "occurred_at = occurred_at + INTERVAL '1 second'"
        if ON_POSTGRES
        else "occurred_at = datetime(occurred_at, '+1 second')",
    ],
)
def test_a_changed_entry_is_named(app, db, change):
    _record(db, 4)
    second = _ids(db)[1]
    # The change is one of the parameters above, not input.
    update = f"UPDATE audit_events SET {change} WHERE id = :id"  # noqa: S608
    _bypass_triggers(db, update, id=second)
    result = _verify(app)
    assert result.exit_code == 1
    assert f"entry {second} (number 2) does not match its hash" in result.output


def test_a_removed_entry_is_found_at_the_next_one(app, db):
    _record(db, 4)
    ids = _ids(db)
    _bypass_triggers(db, "DELETE FROM audit_events WHERE id = :id", id=ids[1])
    result = _verify(app)
    assert result.exit_code == 1
    assert f"entry {ids[2]} is number 3 in the chain, expected 2" in result.output


def test_entries_cut_off_the_end_are_found(app, db):
    _record(db, 4)
    _bypass_triggers(db, "DELETE FROM audit_events WHERE id = :id", id=_ids(db)[-1])
    result = _verify(app)
    assert result.exit_code == 1
    assert "the chain ends at number 3 but its head says 4" in result.output


def test_appends_from_many_threads_make_one_unbroken_chain(app, db):
    def worker(n):
        with app.app_context():
            for m in range(5):
                audit.record("profile.updated", object_type="users", object_id=n, m=m)
                db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "30 entries" in result.output


def test_truncate_is_refused(db):
    if not ON_POSTGRES:
        pytest.skip("SQLite has no TRUNCATE; its DELETE trigger refuses emptying the table")
    _record(db, 1)
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_events"))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
