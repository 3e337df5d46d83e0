"""The statistics as CSV files for Excel.

Swedish Excel reads a file by double-click only when it is semicolon-separated (the comma
is its decimal sign), starts with a UTF-8 byte-order mark (else "å" comes out as "Ã¥")
and writes decimals with a comma; so do we, in both page languages. Each file holds its
section's figures per e-service and month, the finest grain, for pivoting; the backlog is
per unit, as of now. Months are written 2026-03.
"""

import csv
import io

from flask_babel import gettext as _

from eservices.database import SWEDEN, utcnow
from eservices.statistics import labels, services


def _decimal(value, factor=1):
    return "" if value is None else f"{value * factor:.1f}".replace(".", ",")


def _text(value):
    # A name starting with = + - @ would run as a formula in Excel (CSV injection).
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _submissions(period, service_id):
    breakdown = services.breakdown(
        services.submissions(period, service_id), period, services.Submissions
    )
    yield [
        _("Month"),
        _("E-service"),
        _("Submitted digitally"),
        _("Registered by staff"),
        _("Total"),
        _("Share digital (%)"),
    ]
    for month, service_id, figures in breakdown.detail:
        yield [
            f"{month:%Y-%m}",
            _text(labels.service_title(service_id)),
            figures.digital,
            figures.staff,
            figures.total,
            _decimal(figures.digital_share, 100),
        ]


def _lead_times(period, service_id):
    breakdown = services.breakdown(
        services.lead_times(period, service_id), period, services.LeadTime
    )
    yield [
        _("Month of decision"),
        _("E-service"),
        _("Decided cases"),
        _("Median lead time (days)"),
        _("90th percentile lead time (days)"),
    ]
    for month, service_id, figures in breakdown.detail:
        yield [
            f"{month:%Y-%m}",
            _text(labels.service_title(service_id)),
            figures.decided,
            _decimal(figures.median),
            _decimal(figures.p90),
        ]


def _completion_requests(period, service_id):
    breakdown = services.breakdown(
        services.completion_requests(period, service_id), period, services.CompletionRequests
    )
    yield [
        _("Month"),
        _("E-service"),
        _("Cases submitted"),
        _("Cases with a completion request"),
        _("Share with a completion request (%)"),
        _("Completion requests sent"),
    ]
    for month, service_id, figures in breakdown.detail:
        yield [
            f"{month:%Y-%m}",
            _text(labels.service_title(service_id)),
            figures.cases,
            figures.with_request,
            _decimal(figures.rate, 100),
            figures.requests,
        ]


def _backlog(period, service_id):
    yield [_("Unit"), _("Open cases"), _("Overdue cases")]
    for row in services.backlog(service_id):
        yield [_text(labels.unit_name(row.unit)), row.open, row.overdue]


# The file names, in Swedish like every URL: /statistik/<name>.csv.
EXPORTS = {
    "inkomna": _submissions,
    "handlaggningstid": _lead_times,
    "kompletteringar": _completion_requests,
    "balans": _backlog,
}


def export(name, period, service_id, *, actor):
    """The CSV file ``name`` as (file name, bytes); the download is written to the audit log."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(EXPORTS[name](period, service_id))
    services.record_export(name, period, service_id, actor=actor)
    if name == "balans":
        filename = f"{name}-{utcnow().astimezone(SWEDEN):%Y-%m-%d}.csv"
    else:
        filename = f"{name}-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
    return filename, buffer.getvalue().encode("utf-8-sig")
