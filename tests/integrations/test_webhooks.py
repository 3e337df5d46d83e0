"""New cases are pushed to a unit's webhook, signed, and retried until the receiver accepts."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.database import utcnow
from eservices.integrations import services
from eservices.integrations.models import WebhookDelivery
from tests.conftest import check_page, csrf_token, staff_client
from tests.fault_report import png, post, upload
from tests.integrations.conftest import valid_signature


def _send_report(client):
    upload(client, ("gunga.png", png()))
    post(client, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    sent = post(client, "/e-tjanster/felanmalan/granska", {})
    return sent.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def at_park_photo_step(client, units):
    """A resident reporting a broken swing (routed to park-och-natur), at the photo step."""
    post(client, "/e-tjanster/felanmalan/ansok", {})
    post(
        client,
        "/e-tjanster/felanmalan/steg/1",
        {"category": "park-och-lekplats", "action": "next"},
    )
    post(
        client,
        "/e-tjanster/felanmalan/steg/2",
        {"location__description": "Plikta", "action": "next"},
    )
    return client


def test_a_case_reaches_a_receiver_that_was_down_exactly_once_and_signed(
    app, db, receiver, webhook, at_park_photo_step
):
    number = _send_report(at_park_photo_step)
    now = utcnow()
    outcomes = []
    for minute in range(0, 60, 5):  # the worker's rounds over an hour
        outcomes.append(services.deliver_due(now=now + timedelta(minutes=minute)))
    assert len(receiver.requests) == 3  # two refused, then accepted
    assert len(receiver.accepted) == 1
    _path, headers, body = receiver.accepted[0]
    assert valid_signature(webhook, headers, body)
    assert not valid_signature("another-secret", headers, body)
    document = json.loads(body)
    assert document["event"] == "case.created"
    assert document["case"]["number"] == number
    assert document["case"]["service"] == {"id": "felanmalan", "version": 1, "title": "Felanmälan"}
    assert document["case"]["answers"]["category"] == "park-och-lekplats"
    [photo] = document["case"]["attachments"]
    assert photo["filename"] == "gunga.png" and photo["content_type"] == "image/png"
    assert photo["download_url"].endswith(f"/api/v1/cases/{number}/attachments/{photo['id']}")
    # The same delivery id on every attempt lets a receiver spot a repeat.
    assert len({h["X-Eservices-Delivery"] for _, h, _ in receiver.requests}) == 1
    delivery = db.session.scalar(select(WebhookDelivery))
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 202)
    assert sum(ok for ok, _failed in outcomes) == 1


def test_retries_back_off_and_nothing_is_sent_before_it_is_due(
    app, db, receiver, webhook, at_park_photo_step
):
    _send_report(at_park_photo_step)
    now = utcnow()
    assert services.deliver_due(now=now) == (0, 1)
    assert services.deliver_due(now=now + timedelta(seconds=10)) == (0, 0)  # not due yet
    assert services.deliver_due(now=now + timedelta(seconds=31)) == (0, 1)
    assert services.deliver_due(now=now + timedelta(seconds=80)) == (0, 0)  # backoff doubled
    assert services.deliver_due(now=now + timedelta(seconds=95)) == (1, 0)
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "delivered"


def test_a_unit_without_a_webhook_gets_no_delivery(app, db, units, at_photo_step):
    upload(at_photo_step, ("gunga.png", png()))
    post(at_photo_step, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    post(at_photo_step, "/e-tjanster/felanmalan/granska", {})
    assert db.session.scalar(select(WebhookDelivery)) is None


def test_handlers_see_the_delivery_status_of_their_units_and_can_retry(
    app, db, receiver, webhook, units, make_staff, at_park_photo_step
):
    number = _send_report(at_park_photo_step)
    receiver.failures = 100
    for day in range(1, 6):
        services.deliver_due(now=utcnow() + timedelta(days=day))
    client = staff_client(app, make_staff(role="handler", units=[units["park-och-natur"]]))
    page = client.get("/handlaggning/leveranser")
    check_page(page)
    assert number in page.text and "Misslyckas" in page.text and "HTTP 503" in page.text
    delivery = db.session.scalar(select(WebhookDelivery))
    token_page = client.get("/handlaggning/leveranser").text
    response = client.post(
        f"/handlaggning/leveranser/{delivery.id}/forsok-igen",
        data={"csrf_token": csrf_token(token_page)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(WebhookDelivery, delivery.id).next_attempt_at <= utcnow()

    other = staff_client(app, make_staff(role="handler", units=[units["trafik"]]))
    assert number not in other.get("/handlaggning/leveranser").text
    response = other.post(
        f"/handlaggning/leveranser/{delivery.id}/forsok-igen",
        data={"csrf_token": csrf_token(other.get("/handlaggning/leveranser").text)},
    )
    assert response.status_code == 404
