"""A capability plugs what it holds about a person into the data download and the removal
of the account, without privacy/ knowing it."""

import json

import pytest
from sqlalchemy import select

from eservices.attachments import storage
from eservices.audit.models import AuditEvent
from eservices.privacy import registry
from eservices.privacy import services as privacy


@pytest.fixture
def votes(app, monkeypatch):
    """A stand-in capability that holds a person's votes and a file of theirs."""
    with app.app_context():
        key = storage.save(b"valsedel")
    removed = []

    def collect(user, language):
        return [{"proposal": "Fler bänkar", "language": language}]

    def remove(user):
        removed.append(user.id)
        return registry.Removed(details={"votes": 1}, files=[key])

    monkeypatch.setitem(registry._holdings, "votes", registry.Holding("votes", collect, remove))
    return {"key": key, "removed": removed}


def test_a_registered_holding_is_in_the_download(app, db, make_resident, votes):
    anna = make_resident()
    with app.test_request_context():
        document = json.loads(privacy.export(anna, "sv").text)
    assert document["votes"] == [{"proposal": "Fler bänkar", "language": "sv"}]
    # Each capability's holding, by name, between the account's log-ins and its activity.
    keys = list(document)
    holdings = keys[keys.index("login_sessions") + 1 : keys.index("activity")]
    assert keys[-1] == "activity"
    assert holdings == sorted(holdings)
    assert {"cases", "drafts", "moderation_reports", "votes"} <= set(holdings)


def test_removing_the_account_removes_what_each_capability_holds(app, db, make_resident, votes):
    anna = make_resident()
    with app.test_request_context():
        privacy.remove_account(anna)
    assert votes["removed"] == [anna.id]
    entry = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.removed"))
    assert (entry.details["votes"], entry.details["cases"]) == (1, [])
    with pytest.raises(FileNotFoundError):
        storage.load(votes["key"])
