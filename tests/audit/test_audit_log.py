"""The audit log is append-only, in the application and in the database itself."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from eservices.audit import services as audit
from eservices.audit.models import AuditEvent


def test_events_cannot_be_changed_through_the_orm(db):
    event = audit.record("profile.updated", object_type="users", object_id=1)
    db.session.commit()
    event.action = "something.else"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError):
        db.session.commit()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
def test_the_database_refuses_to_change_events(db, statement):
    audit.record("profile.updated", object_type="users", object_id=1)
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
