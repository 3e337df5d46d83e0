"""HTTP for the statistics pages."""

from flask import abort, make_response, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from eservices.catalogue.loading import get_catalogue
from eservices.forms import choices
from eservices.i18n import current_language
from eservices.permissions import requires
from eservices.statistics import bp, charts, exports, labels, services
from eservices.statistics.forms import StatisticsForm


def _filter_form():
    form = StatisticsForm(request.args)
    language = current_language()
    form.tjanst.choices = choices(
        [("", _("All e-services"))]
        + [(service.id, service.title.get(language)) for service in get_catalogue().services]
    )
    return form


@bp.route("/")
@requires("view_statistics")
def overview():
    """Submissions, lead times, backlog and completion requests, as charts and tables."""
    form = _filter_form()
    quick = services.quick_periods()
    if not form.validate():
        return render_template(
            "statistics/overview.html", form=form, stats=None, quick_periods=quick
        ), 400
    period = form.period()
    # Show the months the figures are for, also when the fields were left empty.
    form.fran.data, form.till.data = f"{period.first:%Y-%m}", f"{period.last:%Y-%m}"
    stats = services.overview(period, form.service_id())
    return render_template(
        "statistics/overview.html",
        form=form,
        stats=stats,
        quick_periods=quick,
        charts={
            "submissions": charts.submissions(stats.submissions),
            "lead_times": charts.lead_times(stats.lead_times),
            "backlog": charts.backlog(stats.backlog),
            "completion_requests": charts.completion_requests(stats.completion_requests),
        },
        query={"fran": form.fran.data, "till": form.till.data, "tjanst": form.tjanst.data or None},
    )


@bp.route("/<name>.csv")
@requires("view_statistics")
def export(name):
    """One section's figures as a CSV file (see exports for the format)."""
    if name not in exports.EXPORTS:
        abort(404)
    form = _filter_form()
    if not form.validate():
        abort(400)
    filename, content = exports.export(name, form.period(), form.service_id(), actor=current_user)
    response = make_response(content)
    response.content_type = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.context_processor
def _helpers():
    return {
        "number": format_decimal,
        "month_label": labels.month_label,
        "days": labels.days,
        "percent": labels.percent,
        "month_rows": labels.month_rows,
        "service_title": labels.service_title,
        "unit_name": labels.unit_name,
    }
