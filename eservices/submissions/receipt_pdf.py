"""The receipt as a PDF: the same facts as the receipt page, for the resident to keep."""

from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eservices import pdftext
from eservices.i18n import filesize, format_moment, localized
from eservices.submissions.display import display_value

MARGIN = 20 * mm
LABEL_WIDTH = 55 * mm
CELL_PADDING = 6  # ReportLab's default, left and right of a table cell
TEXT_WIDTH = A4[0] - 2 * MARGIN
VALUE_WIDTH = TEXT_WIDTH - LABEL_WIDTH - 2 * CELL_PADDING


def _styles():
    base = ParagraphStyle("body", fontName=pdftext.REGULAR, fontSize=10, leading=14)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=pdftext.BOLD, fontSize=18, leading=24),
        "heading": ParagraphStyle(
            "heading", base, fontName=pdftext.BOLD, fontSize=12, leading=16, spaceBefore=8
        ),
        "label": ParagraphStyle("label", base, fontName=pdftext.BOLD),
    }


def _paragraph(value, style, width=TEXT_WIDTH):
    """``value`` as plain text (not ReportLab markup), in whatever script it is written."""
    text = str(value)
    bold = style.fontName == pdftext.BOLD
    aligned = ParagraphStyle(f"{style.name}-aligned", style, alignment=pdftext.alignment(text))
    return Paragraph(pdftext.markup(text, width=width, size=style.fontSize, bold=bold), aligned)


def receipt_pdf(case, service, files, language):
    """The receipt of ``case`` as PDF bytes, in ``language`` (the request's locale)."""
    pdftext.fonts()
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
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    facts = [
        (_("Case number"), case.number),
        (_("E-service"), service.title.get(language) if service else case.service_id),
        (_("Received"), format_moment(case.submitted_at)),
        (_("Handled by"), localized(case.unit, "name")),
    ]
    if service:
        days = service.description.processing_days
        facts.append((_("Processing time"), _("Normally %(days)d days", days=days)))
    story = [
        _paragraph(municipality, styles["body"]),
        _paragraph(_("Your case has been received"), styles["title"]),
        _table(facts, styles),
        _paragraph(_("What happens next"), styles["heading"]),
        _paragraph(
            _(
                "%(unit)s will handle your case. Give the case number if you contact us about it.",
                unit=localized(case.unit, "name"),
            ),
            styles["body"],
        ),
    ]
    # An anonymised case has no answers left to list.
    if service and case.answers:
        story += [
            _paragraph(_("Your answers"), styles["heading"]),
            _table(_answer_rows(case, service, files, language), styles),
        ]
    story += [Spacer(1, 8 * mm), _paragraph(_contact_line(), styles["body"])]
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
        [
            _paragraph(label, styles["label"], LABEL_WIDTH - 2 * CELL_PADDING),
            _paragraph(value, styles["body"], VALUE_WIDTH),
        ]
        for label, value in rows
    ]
    table = Table(data, colWidths=[LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH], hAlign="LEFT")
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
