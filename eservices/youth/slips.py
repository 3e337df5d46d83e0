"""The voting-code slips of a class as one PDF: eight slips to an A4 page, for cutting.

Each slip has the pupil's name, school and class, the code and where to vote. The codes are
on the slips only; the database keeps their hashes (codes.py).
"""

from io import BytesIO

from flask import current_app, url_for
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from eservices import pdftext

COLUMNS, ROWS = 2, 4
MARGIN = 10 * mm
SLIP_WIDTH = (A4[0] - 2 * MARGIN) / COLUMNS
SLIP_HEIGHT = (A4[1] - 2 * MARGIN) / ROWS
PADDING = 6 * mm


def slips_pdf(school, class_name, issued):
    """PDF bytes with one slip per (voter, code) in `issued`."""
    pdftext.fonts()
    buffer = BytesIO()
    title = _("Voting codes, %(school)s, class %(klass)s", school=school.name, klass=class_name)
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(title)
    canvas.setAuthor(current_app.config["MUNICIPALITY_NAME"])
    address = url_for("youth.start", _external=True)
    for n, (voter, code) in enumerate(issued):
        if n and n % (COLUMNS * ROWS) == 0:
            canvas.showPage()
        column, row = n % COLUMNS, (n // COLUMNS) % ROWS
        x = MARGIN + column * SLIP_WIDTH
        top = A4[1] - MARGIN - row * SLIP_HEIGHT
        _slip(canvas, x, top, voter, school, class_name, code, address)
    if not issued:
        canvas.setFont(pdftext.REGULAR, 12)
        canvas.drawString(MARGIN, A4[1] - MARGIN - 12, _("Everyone in the class has voted."))
    canvas.save()
    return buffer.getvalue()


def _slip(canvas, x, top, voter, school, class_name, code, address):
    canvas.setDash(3, 3)
    canvas.rect(x, top - SLIP_HEIGHT, SLIP_WIDTH, SLIP_HEIGHT)
    canvas.setDash()
    left, y = x + PADDING, top - PADDING
    width = SLIP_WIDTH - 2 * PADDING
    lines = (
        (_("Youth council election"), 10, False),
        (voter.name, 13, True),
        (f"{school.name}, {class_name}", 10, False),
        (_("Your voting code:"), 10, False),
        (code, 18, True),
        (_("Vote at %(address)s", address=address), 9, False),
        (_("The code works for one vote. Keep it to yourself."), 9, False),
    )
    for text, size, bold in lines:
        y -= size * 1.5
        font = pdftext.BOLD if bold else pdftext.REGULAR
        canvas.setFont(font, size)
        canvas.drawString(left, y, _fit(canvas, text, font, size, width))


def _fit(canvas, text, font, size, width):
    while text and canvas.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text
