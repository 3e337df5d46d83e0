"""The receipt as a PDF: the same case number, answers and files, for the applicant only."""

import io

import pytest
from pypdf import PdfReader

from tests.fault_report import png, post, upload


@pytest.fixture
def sent(at_photo_step):
    """An anonymous fault report with a photo, sent; returns (client, case number)."""
    client = at_photo_step
    upload(client, ("gunga.png", png()), description="Gungan är trasig <b>nu</b> & då")
    post(client, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    number = post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"]
    return client, number.rsplit("/", 1)[1]


def _text(response):
    reader = PdfReader(io.BytesIO(response.data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_receipt_page_links_to_a_pdf_with_the_same_facts(sent):
    client, number = sent
    assert f"/kvitto/{number}.pdf" in client.get(f"/kvitto/{number}").text
    response = client.get(f"/kvitto/{number}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    reader, text = _text(response)
    assert number in text
    assert "Felanmälan" in text
    assert "Gungan är trasig <b>nu</b> & då" in text  # verbatim, not read as markup
    assert "gunga.png" in text
    assert reader.metadata.title == f"Kvitto för ärende {number}"


def test_the_pdf_follows_the_language(sent):
    client, number = sent
    client.set_cookie("lang", "en")
    _reader, text = _text(client.get(f"/kvitto/{number}.pdf"))
    assert "Your case has been received" in text


def test_someone_else_gets_no_pdf(app, sent):
    _client, number = sent
    assert app.test_client().get(f"/kvitto/{number}.pdf").status_code == 404
