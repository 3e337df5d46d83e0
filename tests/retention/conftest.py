"""Cases that have run their course: sent, handled, decided and closed at a chosen time."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from eservices.cases import handling
from eservices.cases.models import Case
from eservices.database import utcnow
from tests.fault_report import png, post, upload

# Fault reports (felanmalan) are anonymised 730 days after they are closed.
LONG_AGO = timedelta(days=800)
RECENTLY = timedelta(days=100)
# How long before closing close() takes the case up, and decides it.
TAKEN_UP_BEFORE_CLOSING = timedelta(days=7)
DECIDED_BEFORE_CLOSING = timedelta(days=2)
# A fault report that names the resident: make_case(**PERSONAL).
PERSONAL = {
    "description": "Klotter på skolan, ring Anna Andersson",
    "answers": {
        "location": {"description": "Storgatan 1", "lat": None, "lng": None},
        "wants_reply": "yes",
        "name": "Anna Andersson",
        "email": "anna@example.se",
    },
}


@pytest.fixture
def close(app, db, handler, units):
    """close(case, ago): transfer, handle, decide and close the case ``ago`` before now.

    Each step is taken on a day of its own (taken up a week and decided two days before
    closing), as in life: retention counts from the closing alone, and a test must see
    the difference if any earlier step were taken for it.
    """

    def do(case, ago, *, status="closed"):
        closed = utcnow() - ago
        with app.test_request_context():
            handling.transfer(
                case, units["park-och-natur"], "Anna Andersson ringde om det", actor=handler
            )
            handling.transfer(case, units["felanmalan"], "Fel enhet", actor=handler)
            handling.change_status(
                case, "in_progress", actor=handler, now=closed - TAKEN_UP_BEFORE_CLOSING
            )
            handling.change_status(
                case,
                "decided",
                actor=handler,
                decision="approved",
                decision_text="Klottret hos Anna Andersson tas bort.",
                now=closed - DECIDED_BEFORE_CLOSING,
            )
            if status == "closed":
                handling.change_status(case, "closed", actor=handler, now=closed)
        return case

    return do


@pytest.fixture
def sent_with_photo(app, db, at_photo_step):
    """An anonymous fault report sent over HTTP with a photo; returns (client, case, link)."""
    client = at_photo_step
    upload(client, ("Anna Andersson vid skåpet.png", png()))
    post(
        client,
        "/e-tjanster/felanmalan/steg/4",
        {
            "wants_reply": "yes",
            "name": "Anna Andersson",
            "email": "anna@example.se",
            "action": "next",
        },
    )
    sent = post(client, "/e-tjanster/felanmalan/granska", {})
    number = sent.headers["Location"].rsplit("/", 1)[1]
    receipt = client.get(f"/kvitto/{number}").text
    link = re.search(r'<code class="secret">https?://[^/]+(/folj/[^<]+)</code>', receipt)
    case = db.session.scalar(select(Case).where(Case.number == number))
    return client, case, link.group(1)
