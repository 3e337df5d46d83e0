"""Who may fetch an attachment: the applicant and the handlers of the case's unit, nobody else."""

import io

import pytest
from sqlalchemy import select

from eservices.attachments.models import Attachment
from eservices.audit.models import AuditEvent
from tests.conftest import csrf_token, post_form, staff_client
from tests.fault_report import png


def _log_in_resident(client, pnr):
    response = post_form(
        client,
        "/logga-in/test",
        {"personnummer": pnr, "given_name": "Test", "family_name": "Person"},
    )
    assert response.status_code == 302


def _send_fault_report(client, *, with_photo=True):
    """Fill in and send the fault report (routed to felanmalan); returns the case number."""

    def post(url, data, form_page=None, **kwargs):
        token = csrf_token(client.get(form_page or url).text)
        return client.post(url, data={"csrf_token": token, **data}, **kwargs)

    post("/e-tjanster/felanmalan/ansok", {}, form_page="/e-tjanster/felanmalan")
    post("/e-tjanster/felanmalan/steg/1", {"category": "klotter", "action": "next"})
    post("/e-tjanster/felanmalan/steg/2", {"location__description": "Här", "action": "next"})
    photos = [(io.BytesIO(png()), "klotter.png")] if with_photo else []
    post(
        "/e-tjanster/felanmalan/steg/3",
        {"description": "Klotter", "action": "next", "photos": photos},
        content_type="multipart/form-data",
    )
    post("/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    sent = post("/e-tjanster/felanmalan/granska", {})
    return sent.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def case_file(app, db, units):
    """A case sent by a logged-in resident with one photo; returns the photo's public id."""
    applicant = app.test_client()
    _log_in_resident(applicant, "19900315-2387")
    _send_fault_report(applicant)
    attachment = db.session.scalar(select(Attachment))
    assert attachment.case_id is not None
    return applicant, attachment.public_id


def _visitor(app, make_staff, units, who):
    if who == "anonymous":
        return app.test_client()
    if who == "another resident":
        client = app.test_client()
        _log_in_resident(client, "19121212-1212")
        return client
    role, unit = {
        "handler of the unit": ("handler", "felanmalan"),
        "handler of another unit": ("handler", "park-och-natur"),
        "moderator in the unit": ("moderator", "felanmalan"),
        "administrator": ("admin", None),
    }[who]
    return staff_client(app, make_staff(role=role, units=[units[unit]] if unit else []))


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("another resident", False),
        ("handler of the unit", True),
        ("handler of another unit", False),
        ("moderator in the unit", False),
        ("administrator", False),
    ],
)
def test_a_case_file_is_only_for_the_applicant_and_the_units_handlers(
    app, db, make_staff, units, case_file, who, allowed
):
    applicant, public_id = case_file
    assert applicant.get(f"/bilagor/{public_id}").status_code == 200
    visitor = _visitor(app, make_staff, units, who)
    response = visitor.get(f"/bilagor/{public_id}")
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert response.data == png()


def test_a_handler_fetching_a_file_is_in_the_audit_log(app, db, make_staff, units, case_file):
    _applicant, public_id = case_file
    handler = _visitor(app, make_staff, units, "handler of the unit")
    handler.get(f"/bilagor/{public_id}")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "attachment.downloaded")
    )
    assert event is not None and event.actor_label.startswith("Test Person")


def test_a_made_up_or_guessed_id_finds_nothing(app, case_file):
    applicant, public_id = case_file
    # One character changed (never to itself: one id in 64 ends in "x").
    guessed = public_id[:-1] + ("y" if public_id.endswith("x") else "x")
    assert applicant.get(f"/bilagor/{guessed}").status_code == 404
    assert applicant.get("/bilagor/1").status_code == 404


def test_an_anonymous_applicant_keeps_access_in_their_own_session_only(app, db, units):
    first = app.test_client()
    _send_fault_report(first)
    public_id = db.session.scalar(select(Attachment.public_id))
    assert first.get(f"/bilagor/{public_id}").status_code == 200  # the follow link's session
    assert app.test_client().get(f"/bilagor/{public_id}").status_code == 404


def test_a_draft_file_is_only_for_the_one_filling_in_the_draft(app, db, units):
    owner = app.test_client()
    token = csrf_token(owner.get("/e-tjanster/felanmalan").text)
    owner.post("/e-tjanster/felanmalan/ansok", data={"csrf_token": token})
    for number, data in enumerate(
        [{"category": "klotter"}, {"location__description": "Här"}], start=1
    ):
        url = f"/e-tjanster/felanmalan/steg/{number}"
        owner.post(url, data={"csrf_token": token, "action": "next", **data})
    owner.post(
        "/e-tjanster/felanmalan/steg/3",
        data={
            "csrf_token": token,
            "description": "x",
            "action": "next",
            "photos": [(io.BytesIO(png()), "a.png")],
        },
        content_type="multipart/form-data",
    )
    public_id = db.session.scalar(select(Attachment.public_id))
    assert owner.get(f"/bilagor/{public_id}").status_code == 200
    stranger = app.test_client()
    assert stranger.get(f"/bilagor/{public_id}").status_code == 404
    _log_in_resident(stranger, "19121212-1212")
    assert stranger.get(f"/bilagor/{public_id}").status_code == 404
