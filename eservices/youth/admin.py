"""HTTP for election administrators: the election, areas and seats, schools, census."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from eservices.accounts.forms import ConfirmForm
from eservices.database import SWEDEN
from eservices.extensions import db
from eservices.forms import choices
from eservices.permissions import requires
from eservices.security import mark_personal_data
from eservices.youth import admin_bp as bp
from eservices.youth import census, services, turnout
from eservices.youth.forms import AreaForm, CensusForm, ElectionForm, OverrideForm, SchoolForm
from eservices.youth.models import Election, Voter

SETUP_ERRORS = {
    "year_taken": ("year", _l("There is already an election that year.")),
    "area_exists": ("name", _l("There is already an area with that name.")),
    "school_exists": ("code", _l("There is already a school with that code.")),
    "reason_required": ("reason", _l("Give the reason for setting the seats by hand.")),
}


def _field_error(form, exc):
    name, message = SETUP_ERRORS[exc.code]
    form[name].errors.append(str(message))


@bp.route("/")
@requires("administer_election")
def index():
    """Every election, newest first."""
    elections = db.session.scalars(select(Election).order_by(Election.year.desc())).all()
    return render_template("youth/admin/index.html", elections=elections)


def _days(election):
    last_candidacy = election.candidacy_closes_at - timedelta(days=1)
    last_voting = election.voting_closes_at - timedelta(days=1)
    return {
        "candidacy_first_day": election.candidacy_opens_at.astimezone(SWEDEN).date(),
        "candidacy_last_day": last_candidacy.astimezone(SWEDEN).date(),
        "voting_first_day": election.voting_opens_at.astimezone(SWEDEN).date(),
        "voting_last_day": last_voting.astimezone(SWEDEN).date(),
    }


def _settings(form):
    candidacy = services.window(form.candidacy_first_day.data, form.candidacy_last_day.data)
    voting = services.window(form.voting_first_day.data, form.voting_last_day.data)
    return {
        "year": form.year.data,
        "candidacy_opens_at": candidacy[0],
        "candidacy_closes_at": candidacy[1],
        "voting_opens_at": voting[0],
        "voting_closes_at": voting[1],
        "members": form.members.data,
        "deputies": form.deputies.data,
        "seats_method": form.seats_method.data,
        "first_divisor": form.first_divisor.data,
        "anonymity_k": form.anonymity_k.data,
        "languages": ",".join(form.languages.data),
        "blank_vote_allowed": form.blank_vote_allowed.data,
        "candidate_order": form.candidate_order.data,
    }


@bp.route("/nytt", methods=["GET", "POST"])
@bp.route("/<int:year>/installningar", methods=["GET", "POST"])
@requires("administer_election")
def settings(year=None):
    """Create an election, or change its dates and settings."""
    election = services.get_election_or_404(year) if year else None
    form = ElectionForm(data=_defaults(election) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            election = services.save_election(election, **_settings(form))
        except services.SetupError as exc:
            _field_error(form, exc)
        else:
            flash(_("The election is saved."), "success")
            return redirect(url_for(".election", year=election.year))
    return render_template("youth/admin/settings.html", form=form, election=election)


def _defaults(election):
    if election is None:
        return {
            "members": 81,
            "deputies": 20,
            "seats_method": "modified-sainte-lague",
            "first_divisor": "1.2",
            "anonymity_k": 25,
            "languages": ["sv", "en", "ar"],
            "blank_vote_allowed": True,
            "candidate_order": "random",
        }
    return {
        "year": election.year,
        **_days(election),
        "members": election.members,
        "deputies": election.deputies,
        "seats_method": election.seats_method,
        "first_divisor": election.first_divisor,
        "anonymity_k": election.anonymity_k,
        "languages": list(election.language_codes),
        "blank_vote_allowed": election.blank_vote_allowed,
        "candidate_order": election.candidate_order,
    }


@bp.route("/<int:year>")
@requires("administer_election")
def election(year):
    """An election's setup: settings, areas with their seats and working, schools, census."""
    election = services.get_election_or_404(year)
    members, deputies = services.seat_splits(election)
    voters = db.session.scalar(
        select(func.count(Voter.id)).where(Voter.election_id == election.id)
    )
    return render_template(
        "youth/admin/election.html",
        election=election,
        members_split=members,
        deputies_split=deputies,
        schools=services.schools_of(election),
        voters=voters,
        area_form=AreaForm(prefix="area"),
        school_form=_school_form(election),
        turnout=turnout.by_area(election),
        school_turnout=turnout.by_school(election),
    )


@bp.route("/<int:year>/omraden", methods=["POST"])
@requires("administer_election")
def add_area(year):
    """Add a city area."""
    election = services.get_election_or_404(year)
    form = AreaForm(prefix="area")
    if form.validate_on_submit():
        try:
            services.add_area(election, form.name.data, form.child_population.data)
        except services.SetupError as exc:
            _field_error(form, exc)
        else:
            flash(_("The area is added."), "success")
            return redirect(url_for(".election", year=year))
    return render_template("youth/admin/add.html", form=form, election=election, kind="area")


@bp.route("/<int:year>/mandat", methods=["POST"])
@requires("administer_election")
def compute_seats(year):
    """Split the seats over the areas by the election's method."""
    election = services.get_election_or_404(year)
    members, deputies = services.compute_seats(election)
    if members.is_tie or deputies.is_tie:
        flash(_("The split ends in a tie: set the tied areas' seats by hand, with a reason."))
    else:
        flash(_("The seats are split."), "success")
    return redirect(url_for(".election", year=year, _anchor="seats"))


@bp.route("/<int:year>/omraden/<int:area_id>/mandat", methods=["GET", "POST"])
@requires("administer_election")
def override(year, area_id):
    """Set an area's seats by hand, with a reason."""
    election = services.get_election_or_404(year)
    area = services.get_area_or_404(election, area_id)
    form = OverrideForm(
        data={
            "members": area.members_override,
            "deputies": area.deputies_override,
            "reason": area.override_reason,
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            services.override_seats(area, form.members.data, form.deputies.data, form.reason.data)
        except services.SetupError as exc:
            _field_error(form, exc)
        else:
            flash(_("The seats of %(area)s are saved.", area=area.name), "success")
            return redirect(url_for(".election", year=year, _anchor="seats"))
    return render_template("youth/admin/override.html", form=form, election=election, area=area)


def _school_form(election):
    form = SchoolForm(prefix="school")
    form.area_id.choices = choices((area.id, area.name) for area in election.areas)
    form.contact_id.choices = choices(
        [(0, _("No contact yet"))]
        + [(user.id, f"{user.full_name} ({user.login_email})") for user in services.contacts()]
    )
    return form


@bp.route("/<int:year>/skolor", methods=["POST"])
@requires("administer_election")
def add_school(year):
    """Add a school in an area."""
    election = services.get_election_or_404(year)
    form = _school_form(election)
    if form.validate_on_submit():
        area = services.get_area_or_404(election, form.area_id.data)
        try:
            school = services.add_school(election, form.code.data, form.name.data, area)
        except services.SetupError as exc:
            _field_error(form, exc)
        else:
            contact = form.contact_id.data and services.get_contact(form.contact_id.data)
            if contact:
                services.set_contact(school, contact)
            flash(_("The school is added."), "success")
            return redirect(url_for(".election", year=year, _anchor="schools"))
    return render_template("youth/admin/add.html", form=form, election=election, kind="school")


@bp.route("/<int:year>/rostlangd", methods=["GET", "POST"])
@requires("administer_election")
def census_import(year):
    """Import the census from CSV and show the report, rejected rows by line."""
    mark_personal_data()
    election = services.get_election_or_404(year)
    form = CensusForm()
    report = None
    if form.validate_on_submit():
        try:
            report = census.import_csv(election, form.file.data.read())
        except census.CensusError as exc:
            form.file.errors.append(str(exc))
    return render_template("youth/admin/census.html", form=form, election=election, report=report)


@bp.route("/<int:year>/rostlangd/publicera", methods=["GET", "POST"])
@requires("administer_election")
def publish_census(year):
    """Freeze the census and publish its fingerprint (a page to confirm, then the act)."""
    election = services.get_election_or_404(year)
    form = ConfirmForm()
    if form.validate_on_submit():
        census.publish_fingerprint(election)
        flash(_("The census is frozen and its fingerprint is published."), "success")
        return redirect(url_for(".election", year=year))
    return render_template("youth/admin/publish.html", form=form, election=election)
