"""Bar charts drawn on the server as SVG (templates/statistics/_chart.html draws them).

Each row has its name in bold, and each bar its figures written out on the line above it,
so the chart reads without colour and without the legend; series differ by fill (solid or
striped) as well as by colour. Bar lengths are percentages of the chart's width and the
text is sized in pixels, so the chart fits any screen without shrinking its text. SVG text
does not wrap, so lines are broken here, short enough for a 320px-wide screen.
"""

import textwrap
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from eservices.statistics import labels

# Vertical layout, in pixels: 14px text on 18px lines.
LINE = 18
BASELINE = 14
BAR = 16
GAP = 4
ROW_GAP = 14
LEGEND_LINE = 24
# Characters per line that fit 288px (a 320px screen less its margins) at 14px; bold is wider.
TEXT_WIDTH = 38
BOLD_WIDTH = 32

SOLID, STRIPED, ALERT = "solid", "striped", "alert"


@dataclass(frozen=True)
class Segment:
    """Part of a bar: its style, where it starts and how long it is (in % of the width)."""

    style: str
    x: float
    width: float


@dataclass(frozen=True)
class Line:
    """A line of text with its baseline (px)."""

    text: str
    y: int


@dataclass(frozen=True)
class Bar:
    """One bar: the lines of its figures, its top (px) and its segments, left to right."""

    lines: tuple[Line, ...]
    top: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Row:
    """A row of the chart: the lines of its name, in bold, and its bars."""

    lines: tuple[Line, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class LegendItem:
    """A swatch of a series' style and what it stands for."""

    style: str
    label: str
    y: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, laid out: the template only draws it."""

    id: str
    title: str
    description: str
    legend: tuple[LegendItem, ...]
    rows: tuple[Row, ...]
    height: int
    # Outline the whole width behind each bar: for shares, where the width is 100 %.
    track: bool = False


def bar_chart(chart_id, title, description, legend, rows, scale, track=False):
    """Lay out a chart.

    ``legend``: [(style, label)]; ``rows``: [(name, [(figures, [(style, value), ...]), ...])],
    one (figures, stack) pair per bar, its values stacked left to right; ``scale``: the
    value of a full-width bar.
    """
    items, y = [], 0
    for style, label in legend:
        items.append(LegendItem(style, label, y))
        y += LEGEND_LINE
    y += ROW_GAP if legend else 0
    laid_out = []
    for name, bars in rows:
        name_lines, y = _lines(name, BOLD_WIDTH, y)
        drawn = []
        for figures, stack in bars:
            figure_lines, y = _lines(figures, TEXT_WIDTH, y)
            segments, x = [], 0.0
            for style, value in stack:
                width = 100 * (value or 0) / scale if scale else 0.0
                segments.append(Segment(style, round(x, 3), round(width, 3)))
                x += width
            drawn.append(Bar(figure_lines, y + GAP, tuple(segments)))
            y += GAP + (BAR + GAP if stack else 0)
        laid_out.append(Row(name_lines, tuple(drawn)))
        y += ROW_GAP
    return Chart(chart_id, title, description, tuple(items), tuple(laid_out), y, track)


def _lines(text, width, y):
    """The text broken into lines from ``y`` down, and the ``y`` below them."""
    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    laid_out = tuple(Line(line, y + n * LINE + BASELINE) for n, line in enumerate(lines))
    return laid_out, y + len(lines) * LINE


def _number(value):
    return format_decimal(value)


def submissions(breakdown):
    """Submissions per month, digital and registered by staff stacked; empty months as one."""
    rows = [
        (
            label,
            [
                (
                    _(
                        "%(total)s in all: %(digital)s digitally, %(staff)s by staff",
                        total=_number(figures.total),
                        digital=_number(figures.digital),
                        staff=_number(figures.staff),
                    ),
                    [(SOLID, figures.digital), (STRIPED, figures.staff)],
                )
            ]
            if figures
            else [(_("No cases submitted"), [])],
        )
        for label, figures in labels.month_rows(breakdown.per_month, "total")
    ]
    return bar_chart(
        "chart-submissions",
        _("Submissions per month"),
        _("Bars for each month: submitted digitally, then registered by staff."),
        [
            (SOLID, _("Digitally, through the e-service")),
            (STRIPED, _("By staff: paper, telephone, visit")),
        ],
        rows,
        max((figures.total for _month, figures in breakdown.per_month), default=0),
    )


def lead_times(breakdown):
    """Median and 90th percentile lead time per month of decision; empty months as one."""
    rows = []
    for label, figures in labels.month_rows(breakdown.per_month, "decided"):
        if figures:
            bars = [
                (
                    _(
                        "Median %(days)s days (%(count)s decided)",
                        days=labels.days(figures.median),
                        count=_number(figures.decided),
                    ),
                    [(SOLID, figures.median)],
                ),
                (
                    _("90th percentile %(days)s days", days=labels.days(figures.p90)),
                    [(STRIPED, figures.p90)],
                ),
            ]
        else:
            bars = [(_("No cases decided"), [])]
        rows.append((label, bars))
    return bar_chart(
        "chart-lead-times",
        _("Lead time per month of decision"),
        _("Two bars for each month: the median lead time, then the 90th percentile, in days."),
        [(SOLID, _("Median")), (STRIPED, _("90th percentile"))],
        rows,
        max((f.p90 for _month, f in breakdown.per_month if f.decided), default=0),
    )


def backlog(rows):
    """Open cases per unit, the overdue part marked."""
    return bar_chart(
        "chart-backlog",
        _("Open and overdue cases per unit"),
        _("A bar for each unit: open cases within their due date, then overdue cases."),
        [(SOLID, _("Open, not overdue")), (ALERT, _("Overdue"))],
        [
            (
                labels.unit_name(row.unit),
                [
                    (
                        _(
                            "%(open)s open, of which %(overdue)s overdue",
                            open=_number(row.open),
                            overdue=_number(row.overdue),
                        ),
                        [(SOLID, row.open - row.overdue), (ALERT, row.overdue)],
                    )
                ],
            )
            for row in rows
        ],
        max((row.open for row in rows), default=0),
    )


def completion_requests(breakdown):
    """The share of cases with a completion request, per e-service."""
    return bar_chart(
        "chart-completion-requests",
        _("Cases with a completion request, per e-service"),
        _("A bar for each e-service: the share of its cases that got a completion request."),
        [],
        [
            (
                labels.service_title(service_id),
                [
                    (
                        _(
                            "%(share)s: %(with_request)s of %(cases)s cases",
                            share=labels.percent(figures.rate),
                            with_request=_number(figures.with_request),
                            cases=_number(figures.cases),
                        ),
                        [(SOLID, figures.rate)],
                    )
                ],
            )
            for service_id, figures in breakdown.per_service
        ],
        1,
        track=True,
    )
