"""Downloading an attachment: only for the applicant and the case's handlers."""

from io import BytesIO

from flask import abort, send_file, session
from flask_login import current_user

from eservices.attachments import bp, services, storage
from eservices.audit import services as audit
from eservices.database import transaction
from eservices.permissions import public
from eservices.security import mark_personal_data


@bp.route("/bilagor/<public_id>")
@public  # who may fetch a file is decided per file: see services.may_download
def download(public_id):
    """The file as it was uploaded, as a download; 404 for anyone who may not have it."""
    attachment = services.find(public_id)
    if attachment is None or not services.may_download(attachment, current_user, session):
        abort(404)
    if current_user.is_authenticated and current_user.is_staff:
        with transaction():
            audit.record(
                "attachment.downloaded",
                attachment,
                case=attachment.case.number if attachment.case else None,
            )
    mark_personal_data()
    response = send_file(
        BytesIO(storage.load(attachment.storage_key)),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    # Whatever the file holds, the browser must never run it as a page of this site.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
