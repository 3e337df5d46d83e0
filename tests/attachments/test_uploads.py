"""A resident attaches files to an e-service: checked by content, stored encrypted, sent."""

import io
import os
import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eservices.attachments.models import Attachment
from eservices.cases.models import Case
from eservices.database import utcnow
from eservices.submissions.models import Draft
from tests.conftest import check_page
from tests.fault_report import PDF, PHOTO_STEP, png, post, upload


def _errors(response):
    return re.findall(r'class="field__error"[^>]*>(.*?)</p>', response.text, re.S)


def test_a_photo_is_kept_checked_by_content_and_sent_with_the_case(app, at_photo_step, db):
    client = at_photo_step
    response = upload(client, ("gunga.png", png()))
    assert response.status_code == 302  # on to the next step
    attachment = db.session.scalar(select(Attachment))
    assert (attachment.filename, attachment.content_type) == ("gunga.png", "image/png")
    assert attachment.scan_status == "not_scanned"  # no clamd configured here

    post(client, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    review = client.get("/e-tjanster/felanmalan/granska")
    check_page(review)
    assert "gunga.png" in review.text
    sent = post(client, "/e-tjanster/felanmalan/granska", {})
    number = sent.headers["Location"].rsplit("/", 1)[1]

    receipt = client.get(f"/kvitto/{number}").text
    assert "gunga.png" in receipt
    db.session.expire_all()
    attachment = db.session.scalar(select(Attachment))
    case = db.session.scalar(select(Case))
    assert (attachment.case_id, attachment.draft_id) == (case.id, None)
    assert case.answers["photos"] == [attachment.public_id]
    download = client.get(f"/bilagor/{attachment.public_id}")
    assert download.status_code == 200
    assert download.data == png()
    assert download.mimetype == "image/png"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Security-Policy"].startswith("sandbox")
    assert download.headers["Cache-Control"] == "no-store"


def test_the_stored_file_is_encrypted_under_a_random_name_outside_the_web_root(
    app, at_photo_step, db
):
    upload(at_photo_step, ("Läkarintyg Anna Andersson.png", png()))
    attachment = db.session.scalar(select(Attachment))
    store = Path(app.config["ATTACHMENTS_DIR"])
    files = [path for path in store.rglob("*") if path.is_file()]
    assert len(files) == 1
    assert files[0].name == attachment.storage_key
    assert "Andersson" not in str(files[0])
    assert b"PNG" not in files[0].read_bytes()  # encrypted
    assert not str(store).startswith(app.static_folder)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gunga.png", b"<html><script>alert(1)</script></html>", "inte en fil av rätt typ"),
        ("gunga.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "inte en fil av rätt typ"),
        (
            "intyg.png",
            PDF,
            "Välj en fil i något av formaten JPEG, PNG.",
        ),  # a PDF where only images go
        ("tom.png", b"", "är tom"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_next_to_the_field_and_the_rest_is_kept(
    at_photo_step, db, name, content, message
):
    response = upload(at_photo_step, (name, content), description="Trasig gunga")
    page = check_page(response)
    assert page.title_text.startswith("Fel: ")
    assert any(message in error for error in _errors(response)), _errors(response)
    assert name in _errors(response)[0]
    assert "Trasig gunga" in response.text  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_file_larger_than_the_field_allows_is_refused(at_photo_step, db):
    too_big = png() + b"\0" * (10 * 1024 * 1024)
    response = upload(at_photo_step, ("stor.png", too_big))
    # The test client spools a large body to a temporary file and leaves it open.
    response.request.environ["wsgi.input"].close()
    assert "”stor.png” är större än 10 MB." in _errors(response)[0]
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_no_more_files_than_the_field_allows(at_photo_step, db):
    response = upload(at_photo_step, *[(f"bild{n}.png", png()) for n in range(1, 5)])
    assert "”bild4.png” sparades inte" in _errors(response)[0]
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 3
    # With three attached there is no file input left, only a way to remove one.
    again = at_photo_step.get(PHOTO_STEP).text
    assert 'type="file"' not in again
    assert again.count('name="remove_attachment"') == 3


def test_a_good_file_is_kept_when_another_answer_on_the_step_is_wrong(at_photo_step, db):
    response = upload(at_photo_step, ("gunga.png", png()), description="")
    assert response.status_code == 200  # the description is required
    assert "gunga.png" in response.text
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1
    # Sending the step again without choosing the file again is enough.
    assert upload(at_photo_step, description="Klotter").status_code == 302


def test_a_file_can_be_removed_before_sending(app, at_photo_step, db):
    upload(at_photo_step, ("gunga.png", png()), ("skylt.png", png(2, 2)))
    first = db.session.scalars(select(Attachment).order_by(Attachment.id)).first()
    response = post(
        at_photo_step,
        PHOTO_STEP,
        {"remove_attachment": first.public_id, "description": "Nytt"},
        content_type="multipart/form-data",
    )
    assert response.headers["Location"].endswith(PHOTO_STEP)
    page = at_photo_step.get(PHOTO_STEP).text
    assert "”gunga.png” har tagits bort." in page
    assert "skylt.png" in page and "Nytt" in page
    db.session.expire_all()
    assert [a.filename for a in db.session.scalars(select(Attachment))] == ["skylt.png"]
    draft = db.session.scalar(select(Draft))
    assert len(draft.answers["photos"]) == 1
    store = Path(app.config["ATTACHMENTS_DIR"])
    assert len([p for p in store.rglob("*") if p.is_file()]) == 1


def test_pressing_enter_in_a_text_box_continues_and_does_not_remove_a_file(at_photo_step):
    upload(at_photo_step, ("gunga.png", png()), description="")
    page = at_photo_step.get(PHOTO_STEP).text
    form = page[page.index('<form method="post" novalidate class="service-form"') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'value="next"' in first_button


def test_a_file_name_cannot_climb_out_or_hide_characters(at_photo_step, db):
    upload(at_photo_step, ("../../etc/\u202egnp.exe.png", png()))
    assert db.session.scalar(select(Attachment.filename)) == "gnp.exe.png"


def test_files_of_a_field_that_ends_up_hidden_are_not_sent(app, db, units):
    from eservices.submissions import services

    service = app.extensions["catalogue"].get("felanmalan")
    step = service.steps[2]

    class Upload:
        filename = "gunga.png"
        stream = io.BytesIO(png())

    class Files:
        def getlist(self, name):
            return [Upload()] if name == "photos" else []

    with app.test_request_context():
        draft, _token = services.start_draft(service)
        assert services.receive_uploads(draft, step, Files()) == {}
        draft.answers = {
            "category": "klotter",
            "location": {"description": "Här"},
            "description": "Klotter",
            "wants_reply": "no",
        }  # the photo answer lost: as if its field had been hidden
        draft.completed_steps = 4
        db.session.commit()
        case, _follow = services.submit_draft(draft, service)
    assert "photos" not in case.answers
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert not [p for p in Path(app.config["ATTACHMENTS_DIR"]).rglob("*") if p.is_file()]


def test_purging_expired_drafts_deletes_their_files_and_leftovers(app, at_photo_step, db):
    upload(at_photo_step, ("gunga.png", png()))
    store = Path(app.config["ATTACHMENTS_DIR"])
    leftover = store / "ab" / ("ab" + "0" * 38)  # a file whose row never got written
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(leftover, (two_days_ago, two_days_ago))
    draft = db.session.scalar(select(Draft))
    draft.expires_at = utcnow()
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["drafts", "purge"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert not [path for path in store.rglob("*") if path.is_file()]


def test_ten_uploads_at_once_keep_to_the_fields_limit(app, db, units):
    from werkzeug.datastructures import FileStorage, MultiDict

    from eservices.submissions import services

    service = app.extensions["catalogue"].get("felanmalan")
    step = service.steps[2]  # photos: max_files 3
    with app.test_request_context():
        draft, _token = services.start_draft(service)
    draft_id, threads = draft.id, 10
    barrier, refused, failed = threading.Barrier(threads, timeout=60), [], []

    def send(n):
        files = MultiDict({"photos": FileStorage(io.BytesIO(png(n + 1)), f"bild{n}.png")})
        with app.test_request_context():
            try:
                mine = db.session.get(Draft, draft_id)
                barrier.wait()
                refused.extend(services.receive_uploads(mine, step, files).get("photos", ()))
            except Exception as exc:  # noqa: BLE001 - any crash fails the test below
                failed.append(repr(exc))
            finally:
                db.session.remove()

    workers = [threading.Thread(target=send, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not failed, failed
    db.session.expire_all()
    rows = db.session.scalars(select(Attachment.public_id).where(Attachment.draft_id == draft_id))
    answers = db.session.get(Draft, draft_id).answers["photos"]
    assert sorted(answers) == sorted(rows)
    assert len(answers) == 3 and len(refused) == threads - 3
