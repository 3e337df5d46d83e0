"""What moderation holds about a resident: the reports they sent, for the data download;
removing the account deletes them (a report's reason is the person's own words)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from eservices.extensions import db
from eservices.moderation.models import Report
from eservices.privacy import registry


def reports_of(user, language):
    """The person's reports, oldest first: what they reported, why, and whether it was seen."""
    reports = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at, Report.id)
    )
    return [
        {
            "kind": report.kind,
            "item": report.object_id,
            "reason": report.reason,
            "reported_at": report.created_at,
            "reviewed_at": report.reviewed_at,
        }
        for report in reports
    ]


def delete_reports(user):
    """Delete the person's reports, open or reviewed."""
    result = db.session.execute(delete(Report).where(Report.reporter_id == user.id))
    return registry.Removed(details={"moderation_reports": result.rowcount})


registry.register(
    "moderation_reports",
    collect=reports_of,
    remove=delete_reports,
    activities={"moderation.reported": _l("Reported a text to the moderators")},
)
