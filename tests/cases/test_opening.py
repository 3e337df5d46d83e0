"""Opening a case: its number's year is Sweden's, its arrival is on the timeline and in the
audit log with who opened it, and the resident's timeline leaves out what is internal."""

from contextlib import nullcontext
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.cases import handling, services
from eservices.cases.access import find_case
from eservices.cases.services import create_case, latest_events, timeline
from eservices.crypto import token_hash
from eservices.database import transaction
from eservices.i18n import LANGUAGE_COOKIE


@pytest.fixture
def open_case(app, db, units):
    """open_case(**overrides): a case opened straight in the felanmalan unit.

    ``request``: the test request it is opened in (its headers, say); False: outside any.
    """

    def do(*, request=None, **overrides):
        given = {
            "service_id": "felanmalan",
            "service_version": 1,
            "answers": {"description": "Klotter"},
            "unit": units["felanmalan"],
            "due_at": datetime.now(UTC) + timedelta(days=14),
            **overrides,
        }
        visit = nullcontext() if request is False else app.test_request_context(**(request or {}))
        with visit, transaction():
            return create_case(**given)

    return do


def test_a_case_sent_on_new_years_eve_night_is_numbered_in_the_swedish_new_year(open_case):
    # 23:30 UTC on 31 December is half past midnight on 1 January in Stockholm.
    sent = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    case = open_case(submitted_at=sent)
    assert case.number == "2027-000001"
    # ... and shows the moment it arrived, not the moment it was registered.
    assert case.submitted_at == sent


def test_a_case_is_in_the_language_the_resident_wrote_in(open_case):
    """The e-mails about the case are in that language; without a visitor, in Swedish."""
    in_english = open_case(request={"headers": {"Cookie": f"{LANGUAGE_COOKIE}=en"}})
    without_visitor = open_case(request=False)
    assert (in_english.language, without_visitor.language) == ("en", "sv")


def test_a_case_opened_with_a_follow_link_is_found_by_it(open_case):
    case = open_case(follow_token_hash=token_hash("the-follow-link-secret"))
    assert find_case(follow_token="the-follow-link-secret") == case


def test_an_unknown_channel_is_refused(open_case):
    with pytest.raises(ValueError, match="unknown channel 'fax'"):
        open_case(channel="fax")


def test_the_arrival_is_on_the_timeline_and_audited_with_who_registered_it(
    db, open_case, make_staff, make_resident
):
    clerk = make_staff(role="handler")
    anna = make_resident()
    case = open_case(channel="phone", registered_by=clerk, applicant=anna)
    (received,) = timeline(case)
    assert (received.kind, received.actor_id, received.details) == (
        "received",
        clerk.id,
        {"channel": "phone"},
    )
    audited = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.submitted"))
    assert (audited.actor_id, audited.object_id) == (clerk.id, str(case.id))
    assert audited.details == {
        "number": case.number,
        "service": "felanmalan",
        "unit": "felanmalan",
        "channel": "phone",
    }
    assert (case.registered_by_id, case.applicant_id, case.language) == (clerk.id, anna.id, "sv")
    # The case page shows how it came in and what the resident said.
    assert (case.channel, case.answers) == ("phone", {"description": "Klotter"})


def test_a_case_the_resident_sent_is_theirs_on_the_timeline(db, open_case, make_resident):
    anna = make_resident()
    case = open_case(applicant=anna)
    assert timeline(case)[0].actor_id == anna.id
    assert case.registered_by_id is None and case.channel == "digital"


def test_the_residents_timeline_leaves_out_what_is_internal(db, open_case, handler, units):
    case = open_case()
    handling.claim(case, actor=handler)
    handling.change_status(case, "in_progress", actor=handler)
    handling.transfer(case, units["trafik"], "Trafik tar den", actor=handler)
    assert [event.kind for event in timeline(case)] == [
        "received",
        "claimed",
        "status_changed",
        "transferred",
    ]
    assert [event.kind for event in timeline(case, public=True)] == [
        "received",
        "status_changed",
        "transferred",
    ]


def test_the_latest_event_the_resident_may_see_per_case(db, open_case, handler):
    first, second = open_case(), open_case()
    handling.change_status(first, "in_progress", actor=handler)
    handling.claim(second, actor=handler)  # internal: the receipt stays the latest
    latest = latest_events([first.id, second.id])
    assert (latest[first.id].kind, latest[second.id].kind) == ("status_changed", "received")
    # Only the cases asked about: one resident's page never loads another's events.
    assert latest_events([first.id]).keys() == {first.id}
    assert latest_events([]) == {}


def test_whoever_listens_hears_each_timeline_entry_and_what_it_is_about(
    db, monkeypatch, open_case, handler, units
):
    """How integrations learn of a change, in the change's own transaction."""
    monkeypatch.setattr(services, "_listeners", [])
    heard = []
    services.on_event(lambda case, event, subject: heard.append((case, event.kind, subject)))
    case = open_case()
    felanmalan = case.unit
    handling.transfer(case, units["trafik"], "Trafik tar den", actor=handler)
    assert heard == [(case, "received", None), (case, "transferred", felanmalan)]
