"""The resident's case page and answer, shared by Mina sidor and the follow link."""

from flask import flash, render_template, request
from flask_babel import gettext as _

from eservices.attachments import services as attachments
from eservices.cases import messages
from eservices.cases.models import TO_RESIDENT
from eservices.cases.services import timeline
from eservices.i18n import current_language
from eservices.security import mark_personal_data


def render_case(template, case, form, *, reply_url, status=200, mark_read=True, **context):
    """Render the case for its resident.

    With ``mark_read`` a normal view marks its new messages as read: only for a resident
    who is logged in. The follow link is opened by mail scanners too, so there the
    resident says so themselves (see follow.py).
    """
    mark_personal_data()
    thread = messages.thread(case, internal=False)
    unread_ids = {m.id for m in thread if m.kind in TO_RESIDENT and m.read_at is None}
    page = render_template(
        template,
        case=case,
        thread=thread,
        unread_ids=unread_ids,
        request_open=messages.open_request(case),
        reply_form=form,
        reply_url=reply_url,
        events=timeline(case, public=True),
        files=attachments.of_case(case),
        language=current_language(),
        forms_with_errors=bool(form.errors),
        **context,
    )
    if mark_read and status == 200 and unread_ids:
        messages.mark_read(case)
    return page, status


def took_reply(case, form, *, resident=None):
    """Send the answer in ``form``; True when it was taken, else the form says why."""
    if not form.validate():
        return False
    uploads = request.files.getlist(form.files.name)
    try:
        messages.reply(case, form.body.data, uploads, resident=resident)
    except messages.ReplyRejected as exc:
        show_errors(form, exc.errors)
        return False
    flash(
        _("Thank you. Your answer has been sent and the case is being handled again."), "success"
    )
    return True


def show_errors(form, errors):
    """Put a service's refusals (field name → message or messages) next to the fields."""
    for name, problem in errors.items():
        getattr(form, name).errors = list(problem) if isinstance(problem, list) else [problem]
