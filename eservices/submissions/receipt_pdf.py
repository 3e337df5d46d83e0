"""The receipt as a PDF: the same facts as the receipt page, for the resident to keep."""

import functools
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eservices.i18n import filesize, localized
from eservices.submissions.display import display_value

# Bitstream Vera ships with reportlab: Swedish letters without fetching any font.
_FONTS = Path(reportlab.__file__).parent / "fonts"


@functools.cache
def _register_fonts():
    pdfmetrics.registerFont(TTFont("Vera", _FONTS / "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("Vera-Bold", _FONTS / "VeraBd.ttf"))


def _styles():
    base = ParagraphStyle("body", fontName="Vera", fontSize=10, leading=14)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName="Vera-Bold", fontSize=18, leading=24),
        "heading": ParagraphStyle(
            "heading", base, fontName="Vera-Bold", fontSize=12, leading=16, spaceBefore=8
        ),
        "label": ParagraphStyle("label", base, fontName="Vera-Bold"),
    }


def _text(value):
    # Paragraphs read a small markup language: answers must reach it as plain text.
    return escape(str(value)).replace("\n", "<br/>")


def receipt_pdf(case, service, files, language):
    """The receipt of ``case`` as PDF bytes, in ``language`` (the request's locale)."""
    _register_fonts()
    styles = _styles()
    title = _("Receipt for case %(number)s", number=case.number)
    municipality = current_app.config["MUNICIPALITY_NAME"]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=municipality,
        subject=service.title.get(language) if service else case.service_id,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    facts = [
        (_("Case number"), case.number),
        (_("E-service"), service.title.get(language) if service else case.service_id),
        (_("Received"), format_datetime(case.submitted_at, "long")),
        (_("Handled by"), localized(case.unit, "name")),
    ]
    if service:
        days = service.description.processing_days
        facts.append((_("Processing time"), _("Normally %(days)d days", days=days)))
    story = [
        Paragraph(_text(municipality), styles["body"]),
        Paragraph(_text(_("Your case has been received")), styles["title"]),
        _table(facts, styles),
        Paragraph(_text(_("What happens next")), styles["heading"]),
        Paragraph(
            _text(
                _(
                    "%(unit)s will handle your case. Give the case number if you contact us "
                    "about it.",
                    unit=localized(case.unit, "name"),
                )
            ),
            styles["body"],
        ),
    ]
    # An anonymised case has no answers left to list.
    if service and case.answers:
        story += [
            Paragraph(_text(_("Your answers")), styles["heading"]),
            _table(_answer_rows(case, service, files, language), styles),
        ]
    story += [Spacer(1, 8 * mm), Paragraph(_text(_contact_line()), styles["body"])]
    document.build(story)
    return buffer.getvalue()


def _answer_rows(case, service, files, language):
    rows = []
    for field in service.fields():
        if field.type == "info" or field.id not in case.answers:
            continue
        value = case.answers[field.id]
        if field.type == "file":
            text = "\n".join(
                f"{files[i].filename} ({filesize(files[i].size)})" for i in value if i in files
            )
        else:
            text = display_value(field, value, language)
        rows.append((field.label.get(language), text))
    return rows


def _table(rows, styles):
    data = [
        [Paragraph(_text(label), styles["label"]), Paragraph(_text(value), styles["body"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[55 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _contact_line():
    config = current_app.config
    return _(
        "Questions? Contact %(name)s: %(email)s, %(phone)s.",
        name=config["MUNICIPALITY_NAME"],
        email=config["CONTACT_EMAIL"],
        phone=config["CONTACT_PHONE"],
    )
