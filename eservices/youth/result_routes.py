"""The result: certification by an administrator, and the public results, ballot list and
tracker look-up, all read from the frozen, certified document."""

import csv
import io
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.accounts.forms import ConfirmForm
from eservices.pagecache import cached_page, keep_not
from eservices.permissions import public, requires
from eservices.security import forbid_storing
from eservices.youth import admin_bp, bp, results, services

BALLOTS_PER_PAGE = 500


def _published_or_404(year):
    election = services.get_election_or_404(year)
    result = results.of(election)
    if result is None or not result.certified:
        abort(404)
    return election, result.published()


@bp.route("/<int:year>/resultat")
@public
@cached_page
def result(year):
    """Votes per candidate, members and deputies per area, turnout, and the hashes."""
    election, document = _published_or_404(year)
    return render_template("youth/results.html", election=election, document=document)


@bp.route("/<int:year>/resultat.csv")
@public
def result_csv(year):
    """The votes per candidate as CSV, for Swedish spreadsheets (semicolons, BOM)."""
    _election, document = _published_or_404(year)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Area"), _("Candidate"), _("Votes"), _("Elected")])
    labels = {"member": _("Member"), "deputy": _("Deputy"), "blank": _("Blank votes"), "": ""}
    for area, name, votes, elected in results.rows_for_csv(document):
        writer.writerow([area, name or labels["blank"], votes, labels[elected]])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=ungdomsval-{year}.csv"},
    )


@bp.route("/<int:year>/resultat.json")
@public
def result_json(year):
    """The whole certified document, which `flask election verify` checks."""
    _election, document = _published_or_404(year)
    return Response(
        json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=ungdomsval-{year}.json"},
    )


@bp.route("/<int:year>/valsedlar")
@public
@cached_page
def ballots(year):
    """The ballot list, tracker to candidate, in the order of the random trackers."""
    election, document = _published_or_404(year)
    page = request.args.get("sida", 1, type=int)
    pages = max(1, -(-len(document["ballots"]) // BALLOTS_PER_PAGE))
    if page < 1 or page > pages:
        abort(404)
    start = (page - 1) * BALLOTS_PER_PAGE
    rows = document["ballots"][start : start + BALLOTS_PER_PAGE]
    return render_template(
        "youth/ballots.html",
        election=election,
        document=document,
        rows=rows,
        page=page,
        pages=pages,
    )


@bp.route("/<int:year>/min-rost")
@public
@cached_page
def tracker(year):
    """Find one's own ballot in the published list by the tracker code shown after voting."""
    election, document = _published_or_404(year)
    code = request.args.get("kod", "")
    if code:
        # What the published list says of this code, for all to see; but the code is the
        # voter's own, so their browser does not keep the page.
        forbid_storing()
    found = results.find_tracker(document, code) if code.strip() else None
    if code.strip() and found is None:
        keep_not()  # a mistyped code's answer is the typist's own
    error = _("No ballot has that tracker code. Check the code and try again.")
    return render_template(
        "youth/tracker.html",
        election=election,
        code=code,
        found=found,
        error=error if code.strip() and found is None else None,
    )


@admin_bp.route("/<int:year>/certifiera", methods=["GET", "POST"])
@requires("administer_election")
def certify(year):
    """Certify the result (a page to confirm, then the act): it is then frozen and public."""
    election = services.get_election_or_404(year)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            results.certify(election, current_user)
        except results.ResultError as exc:
            problem = {
                "open": _("Voting is not closed yet."),
                "pooled": _("Ballots are still waiting in the pool. Close voting first."),
                "certified": _("The result is already certified."),
            }[exc.code]
        else:
            flash(_("The result is certified and published."), "success")
            return redirect(url_for("youth.result", year=year))
    preview = results.build(election) if election.closed_at and results.of(election) else None
    return render_template(
        "youth/admin/certify.html", form=form, election=election, preview=preview, problem=problem
    )
