"""Every change of a case that the case API shows reaches the unit's back-end system: in
order, signed, numbered per case without a gap, even when handlers act at once."""

import io
import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from eservices.cases import handling, messages
from eservices.cases.models import COMPLETION_REQUEST, MESSAGE, NOTE, Case
from eservices.database import transaction, utcnow
from eservices.integrations import services
from eservices.integrations.models import CaseSequence, WebhookDelivery
from tests.conftest import staff_client
from tests.fault_report import png
from tests.integrations.conftest import valid_signature

LIFE = [
    # (path, sequence, event): what each unit's system hears, in this order.
    ("/park", 1, "case.created"),
    ("/park", 2, "case.status_changed"),
    ("/park", 3, "case.transferred"),
    ("/trafik", 3, "case.transferred"),
    ("/trafik", 4, "case.status_changed"),
    ("/trafik", 5, "case.completion_requested"),
    ("/trafik", 6, "case.status_changed"),
    ("/trafik", 7, "case.reply_received"),
    ("/trafik", 8, "case.message_sent"),
    ("/trafik", 9, "case.decided"),
    ("/trafik", 10, "case.status_changed"),
]


@pytest.fixture
def secrets(app, db, receiver, allow_receiver, units, make_staff):
    """Both units that the case passes through push to the receiver, each with its secret."""
    admin = make_staff(role="admin")
    return {
        f"/{name}": services.set_webhook(units[slug], f"{receiver.url}/{name}", actor=admin)
        for name, slug in (("park", "park-och-natur"), ("trafik", "trafik"))
    }


class Worker:
    """The webhook worker's rounds, on a clock of their own: two minutes apart."""

    def __init__(self):
        self.now = utcnow()

    def rounds(self, count=4):
        """Push what is due, ``count`` times."""
        for _ in range(count):
            self.now += timedelta(minutes=2)
            services.deliver_due(now=self.now)


def live_a_life(db, make_case, make_staff, units, resident, worker=None):
    """A broken swing reported to the park unit, moved on to traffic, asked about,
    answered, decided and closed, with the ``worker`` at work after each step; returns
    the case."""
    park = make_staff(role="handler", units=[units["park-och-natur"]])
    traffic = make_staff(role="handler", units=[units["trafik"]])
    steps = [
        lambda case: handling.change_status(case, "in_progress", actor=park),
        lambda case: handling.transfer(
            case, units["trafik"], "Gäller skylten vid gungan", actor=park
        ),
        lambda case: messages.write(
            case, COMPLETION_REQUEST, "Skicka gärna en bild på skylten.", actor=traffic
        ),
        lambda case: messages.reply(
            case,
            "Här är bilden.",
            [FileStorage(io.BytesIO(png()), filename="skylt.png", content_type="image/png")],
            resident=resident,
        ),
        lambda case: messages.write(case, NOTE, "Internt: beställ från förrådet", actor=traffic),
        lambda case: messages.write(case, MESSAGE, "Tack, vi byter skylten.", actor=traffic),
        lambda case: handling.change_status(
            case, "decided", actor=traffic, decision="approved", decision_text="Skylten byts."
        ),
        lambda case: handling.change_status(case, "closed", actor=traffic),
    ]
    case_id = make_case(applicant=resident, category="park-och-lekplats").id
    for step in steps:
        if worker:
            worker.rounds()
        step(db.session.get(Case, case_id))
    if worker:
        worker.rounds(8)
    return db.session.get(Case, case_id)


def test_a_cases_whole_life_arrives_signed_in_order_and_numbered(
    app, db, receiver, secrets, make_case, make_staff, units, resident
):
    case = live_a_life(db, make_case, make_staff, units, resident, worker=Worker())

    assert len(receiver.requests) == len(LIFE) + 2  # the receiver was down at first
    heard = [(path, json.loads(body)) for path, _headers, body in receiver.accepted]
    assert [(path, event["sequence"], event["event"]) for path, event in heard] == LIFE
    for path, headers, body in receiver.accepted:
        assert valid_signature(secrets[path], headers, body)
        assert headers["X-Eservices-Sequence"] == str(json.loads(body)["sequence"])
    events = {(path, event["sequence"]): event for path, event in heard}
    assert all(event["number"] == case.number for _path, event in heard)

    created = events["/park", 1]
    assert created["case"]["unit"]["slug"] == "park-och-natur"
    assert created["case"]["answers"]["category"] == "park-och-lekplats"
    assert events["/park", 2]["status"] == {"from": "received", "to": "in_progress"}
    away, arrived = events["/park", 3], events["/trafik", 3]
    assert away["transfer"] == arrived["transfer"]
    assert away["transfer"]["from_unit"]["slug"] == "park-och-natur"
    assert away["transfer"]["to_unit"]["slug"] == "trafik"
    assert away["transfer"]["reason"] == "Gäller skylten vid gungan"
    # The unit that gets the case hears all of it; the one it left, only where it went.
    assert "case" not in away
    assert arrived["case"]["unit"]["slug"] == "trafik" and arrived["case"]["sequence"] == 3
    assert arrived["case"]["answers"]["category"] == "park-och-lekplats"
    assert events["/trafik", 4]["status"] == {"from": "in_progress", "to": "awaiting_info"}
    request = events["/trafik", 5]["message"]
    assert (request["kind"], request["body"]) == (
        "completion_request",
        "Skicka gärna en bild på skylten.",
    )
    reply = events["/trafik", 7]["message"]
    assert (reply["kind"], reply["body"], reply["reply_to"]) == (
        "reply",
        "Här är bilden.",
        request["id"],
    )
    [photo] = reply["attachments"]
    assert photo["filename"] == "skylt.png" and photo["download_url"].endswith(photo["id"])
    assert events["/trafik", 8]["message"]["body"] == "Tack, vi byter skylten."
    decided = events["/trafik", 9]
    assert decided["status"] == {"from": "in_progress", "to": "decided"}
    assert decided["decision"]["outcome"] == "approved"
    assert decided["decision"]["text"] == "Skylten byts."
    assert events["/trafik", 10]["status"] == {"from": "decided", "to": "closed"}
    # Handlers' notes stay inside.
    assert not any(b"Internt" in body for _path, _headers, body in receiver.requests)
    # Once delivered, no copy of what an event said is kept.
    assert all(d.payload is None for d in db.session.scalars(select(WebhookDelivery)))


def test_events_wait_for_the_earlier_ones_of_their_case(
    app, db, receiver, secrets, make_case, make_staff, units, resident
):
    receiver.failures = 5
    live_a_life(db, make_case, make_staff, units, resident)
    Worker().rounds(30)
    for path in secrets:
        # Each unit's system hears its events in order, and a later one is never tried
        # before the earlier one is accepted (the units' streams are independent).
        heard = [json.loads(body)["sequence"] for p, _h, body in receiver.accepted if p == path]
        assert heard == [sequence for p, sequence, _event in LIFE if p == path]
        tried = [json.loads(body)["sequence"] for p, _h, body in receiver.requests if p == path]
        assert tried == sorted(tried)


def test_a_unit_the_case_left_before_it_heard_of_it_gets_no_later_content(
    app, db, receiver, secrets, make_case, make_staff, units, resident
):
    case = live_a_life(db, make_case, make_staff, units, resident)
    Worker().rounds(8)
    to_park = [json.loads(body) for path, _h, body in receiver.accepted if path == "/park"]
    assert [event["event"] for event in to_park] == [
        "case.created",
        "case.status_changed",
        "case.transferred",
    ]
    # The case is no longer the park unit's: its answers, replies and decision are not
    # sent there, as the API would no longer show them there.
    assert to_park[0]["case"] is None
    assert b"Skylten byts" not in b"".join(body for path, _h, body in receiver.accepted[:3])
    # The unit that holds it gets it as it is now, with the events it already reflects.
    arrived = next(json.loads(body) for path, _h, body in receiver.accepted if path == "/trafik")
    assert arrived["case"]["status"] == "closed" and arrived["case"]["sequence"] == case_events(
        db, case
    )


def case_events(db, case):
    """The number of the case's latest event."""
    return db.session.get(CaseSequence, case.id).last_sequence


def test_the_case_api_shows_what_the_events_said(
    app, db, receiver, secrets, make_case, make_staff, units, resident
):
    case = live_a_life(db, make_case, make_staff, units, resident)
    _client, token = services.create_api_client(
        units["trafik"], "Ärendesystemet", actor=make_staff(role="admin")
    )
    document = (
        app.test_client()
        .get(f"/api/v1/cases/{case.number}", headers={"Authorization": f"Bearer {token}"})
        .json
    )
    assert document["sequence"] == 10
    assert (document["status"], document["closed_at"]) == ("closed", case.closed_at.isoformat())
    assert document["decision"]["outcome"] == "approved"
    assert [m["kind"] for m in document["messages"]] == [
        "completion_request",
        "reply",
        "message",
    ]
    assert "Internt" not in json.dumps(document)
    listed = (
        app.test_client()
        .get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
        .json["cases"]
    )
    assert [(c["number"], c["sequence"]) for c in listed] == [(case.number, 10)]


def test_a_rolled_back_change_leaves_no_event_and_no_gap(app, db, units, make_case, handler):
    services.set_webhook(units["felanmalan"], "https://arende.example.se/hook", actor=handler)
    case = make_case()

    def a_change_that_fails():
        with transaction():
            handling.move(case, "in_progress", actor=handler)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        a_change_that_fails()
    handling.change_status(db.session.get(Case, case.id), "in_progress", actor=handler)
    rows = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.sequence))
    assert [(d.sequence, d.event) for d in rows] == [
        (1, "case.created"),
        (2, "case.status_changed"),
    ]


def test_the_database_refuses_two_events_with_one_number(app, db, units, make_case, handler):
    services.set_webhook(units["felanmalan"], "https://arende.example.se/hook", actor=handler)
    case = make_case()
    db.session.add(
        WebhookDelivery(case_id=case.id, unit_id=case.unit_id, event="case.created", sequence=1)
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_handlers_acting_at_once_never_share_or_skip_a_number(
    app, db, units, make_case, make_staff
):
    unit = units["felanmalan"]
    services.set_webhook(unit, "https://arende.example.se/hook", actor=make_staff(role="admin"))
    handler_ids = [make_staff(role="handler", units=[unit]).id for _ in range(2)]
    case_id = make_case().id
    threads, errors = 8, []
    barrier = threading.Barrier(threads, timeout=60)

    def act(n):
        from eservices.accounts.models import User

        with app.app_context():
            try:
                case = db.session.get(Case, case_id)
                handler = db.session.get(User, handler_ids[n % 2])
                # A note makes no event: every other thread's change must not take a number.
                kind = NOTE if n % 4 == 3 else MESSAGE
                barrier.wait()
                messages.write(case, kind, f"Meddelande {n}", actor=handler)
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    workers = [threading.Thread(target=act, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    numbers = sorted(
        db.session.scalars(
            select(WebhookDelivery.sequence).where(WebhookDelivery.case_id == case_id)
        )
    )
    messages_sent = sum(1 for n in range(threads) if n % 4 != 3)
    assert numbers == list(range(1, messages_sent + 2))
    assert db.session.get(CaseSequence, case_id).last_sequence == messages_sent + 1


def test_a_unit_without_a_webhook_still_numbers_its_cases_events(app, db, make_case, handler):
    case = make_case()
    handling.change_status(case, "in_progress", actor=handler)
    assert db.session.scalar(select(WebhookDelivery)) is None
    assert db.session.get(CaseSequence, case.id).last_sequence == 2


def test_the_deliveries_page_names_each_event_and_its_number(
    app, db, receiver, secrets, make_case, make_staff, units, resident
):
    receiver.failures = 1000
    live_a_life(db, make_case, make_staff, units, resident)
    services.deliver_due()
    client = staff_client(app, make_staff(role="handler", units=[units["trafik"]]))
    page = client.get("/handlaggning/leveranser").text
    assert "Beslut (nr 9)" in page and "Överlämnat (nr 3)" in page
