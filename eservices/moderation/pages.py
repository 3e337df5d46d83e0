"""Public HTTP: the rules pages made from the rulebook, and reporting an item."""

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from eservices.extensions import limiter
from eservices.i18n import current_language
from eservices.moderation import bp, dashboard, labels, reports
from eservices.moderation.forms import ReportForm
from eservices.moderation.registry import get_kind
from eservices.moderation.rulebook import get_rulebook
from eservices.pagecache import cached_page
from eservices.permissions import public
from eservices.security import safe_next


@bp.app_template_global("moderation_delay")
def moderation_delay(*kinds):
    """For public pages: a Delay when the queue of these kinds is past its target, else None.

    ``{% include "moderation/_delay_notice.html" %}`` shows it for every kind; set
    ``delay_kinds = ["proposal"]`` before the include to narrow it.
    """
    return dashboard.delay(*kinds)


@bp.app_template_global("moderation_rule")
def moderation_rule(rule_id):
    """The rule with this id (to show a rejection's reason), or None."""
    return get_rulebook().rule(rule_id)


def _rules_page(kinds, template):
    rulebook = get_rulebook()
    return render_template(
        template,
        rules=rulebook.rules_for(*kinds),
        settings=rulebook.settings,
        kinds=kinds,
        kind_labels=labels.KINDS,
        language=current_language(),
    )


@bp.route("/e-forslag/regler")
@public
@cached_page
def proposal_rules():
    """ "Regler för e-förslag": how proposals work and what a moderator checks."""
    return _rules_page(("proposal", "comment"), "moderation/proposal_rules.html")


@bp.route("/ungdomsval/regler")
@public
@cached_page
def election_rules():
    """The rules for candidate profiles in the youth-council election."""
    return _rules_page(("candidate",), "moderation/election_rules.html")


def _report_limit():
    return f"{get_rulebook().settings.reports_per_visitor_per_hour} per hour"


@bp.route("/anmal/<kind_name>/<object_id>", methods=["GET", "POST"])
@public
@limiter.limit(_report_limit, methods=["POST"])
def report(kind_name, object_id):
    """Anyone, logged in or not, reports a public item that breaks the rules."""
    kind = get_kind(kind_name) or abort(404)
    obj = kind.load(object_id)
    content = kind.show(obj) if obj is not None else None
    if content is None or not content.public_url:
        abort(404)  # only what the public can see can be reported
    form = ReportForm()
    if form.validate_on_submit():
        counted = reports.report(
            kind.name, object_id, form.reason.data, current_user, ip=request.remote_addr
        )
        if counted:
            flash(_("Thank you. A moderator will look at it."), "success")
        else:
            flash(_("You have already reported this. A moderator will look at it."), "success")
        return redirect(safe_next(content.public_url))
    return (
        render_template("moderation/report.html", form=form, content=content, kind=kind),
        400 if form.errors else 200,
    )
