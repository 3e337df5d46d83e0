"""HTTP for school contacts: their school's voters and turnout, code slips, assisted votes."""

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.accounts.forms import ConfirmForm
from eservices.permissions import requires
from eservices.security import mark_personal_data
from eservices.youth import ballot_session, codes, demo, services, slips, turnout
from eservices.youth import school_bp as bp


@bp.route("/")
@requires("assist_voters")
def index():
    """The schools this person is the contact of."""
    schools = services.schools_of_contact(current_user)
    if len(schools) == 1:
        return redirect(url_for(".school", school_id=schools[0].id))
    return render_template("youth/school/index.html", schools=schools)


@bp.route("/<int:school_id>")
@requires("assist_voters")
def school(school_id):
    """The school's voters by class, who has voted (never how), and turnout per class."""
    mark_personal_data()
    school = services.get_school_for_contact_or_404(school_id, current_user)
    classes = services.voters_by_class(school)
    return render_template(
        "youth/school/school.html",
        school=school,
        election=school.election,
        classes=classes,
        turnout=turnout.by_class(school),
        form=ConfirmForm(),
        demo_codes=demo.codes_to_show(school, current_app.config),
    )


@bp.route("/<int:school_id>/klass/<class_name>/koder", methods=["GET", "POST"])
@requires("assist_voters")
def class_codes(school_id, class_name):
    """Print the class's voting-code slips as one PDF; printing again makes new codes."""
    mark_personal_data()
    school = services.get_school_for_contact_or_404(school_id, current_user)
    voters = services.voters_by_class(school).get(class_name)
    if voters is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        issued = codes.issue(voters)
        pdf = slips.slips_pdf(school, class_name, issued)
        filename = f"rostkoder-{school.code}-{class_name}.pdf".replace(" ", "-")
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return render_template(
        "youth/school/codes.html",
        school=school,
        class_name=class_name,
        voters=voters,
        form=form,
    )


@bp.route("/<int:school_id>/elever/<int:voter_id>/assistera", methods=["POST"])
@requires("assist_voters")
def assist(school_id, voter_id):
    """Help a pupil vote: the ballot opens for them, and the helper is noted on their row."""
    school = services.get_school_for_contact_or_404(school_id, current_user)
    voter = services.get_voter_of_school_or_404(school, voter_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if voter.has_voted:
        flash(_("%(name)s has already voted.", name=voter.name), "error")
        return redirect(url_for(".school", school_id=school.id))
    if not school.election.voting_is_open():
        flash(_("Voting is not open."), "error")
        return redirect(url_for(".school", school_id=school.id))
    ballot_session.begin(voter, helper_id=current_user.id)
    return redirect(url_for("youth.ballot"))
