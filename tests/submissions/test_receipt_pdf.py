"""The receipt as a PDF: the same case number, answers and files, for the applicant only."""

import io
import re
import unicodedata

import pytest
from bidi import get_display
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


# What residents write, and what breaks PDFs: scripts written right to left, letters that
# join, characters beyond U+FFFF, combining marks and markup.
NAUGHTY = [
    "مرحبا، المصباح مكسور منذ أسبوع",  # Arabic
    "שלום, יש בור גדול במדרכה",  # Hebrew
    "سلام، چراغ خیابان خاموش است",  # Persian
    "Laambadda wadada way jabantahay",  # Somali
    "Lampan är trasig 😀 👍",  # emoji
    "𝐀𝐥𝐥𝐚 𝕃𝕒𝕞𝕡𝕠𝕣 ∑ ∞",  # mathematical letters
    "Gungan är trasig <b>nu</b> & då <br/> %(num)d {{ 7*7 }}",  # markup of every kind
    "Ṣtȫrning ẞ Łódź Ǆ",  # letters with marks
]


def _lines(response):
    """The PDF's lines, each table cell on its own, as a person reads them.

    The PDF holds each line as it is printed, left to right; the bidirectional algorithm
    that put a right-to-left line in that order puts it back in reading order. Arabic
    letters are printed in their joined forms (presentation forms), read here as letters.
    """
    lines = []
    for page in PdfReader(io.BytesIO(response.data)).pages:
        for printed in page.extract_text(extraction_mode="layout").splitlines():
            for cell in re.split(r" {3,}", printed.strip()):  # a wide gap between columns
                line = get_display(cell)
                lines.append(
                    "".join(
                        unicodedata.normalize("NFKC", c) if 0xFB50 <= ord(c) <= 0xFEFF else c
                        for c in line
                    )
                )
    return lines


@pytest.mark.parametrize("description", NAUGHTY)
def test_every_script_comes_back_out_of_the_pdf_as_it_was_written(at_photo_step, description):
    client = at_photo_step
    upload(client, description=description)
    post(client, "/e-tjanster/felanmalan/steg/4", {"wants_reply": "no", "action": "next"})
    number = post(client, "/e-tjanster/felanmalan/granska", {}).headers["Location"]
    assert description in _lines(client.get(f"{number}.pdf"))
