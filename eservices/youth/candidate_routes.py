"""HTTP for candidates: standing with e-ID or through the school contact, the public list."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eservices.attachments import storage
from eservices.extensions import db
from eservices.forms import choices
from eservices.moderation.registry import register_kind
from eservices.pagecache import cached_page
from eservices.permissions import public, requires
from eservices.security import mark_personal_data
from eservices.youth import bp, candidates, school_bp, services
from eservices.youth.candidate_forms import ProfileForm, PupilProfileForm
from eservices.youth.models import CANDIDATE_APPROVED, CANDIDATE_CHANGES_REQUESTED, Candidate

bp.record_once(lambda state: register_kind(state.app, candidates.CANDIDATE_KIND))


def _current_or_404():
    election = services.current_election()
    if election is None:
        abort(404)
    return election


def _photo(form):
    upload = form.photo.data
    return upload.read() if upload and getattr(upload, "filename", "") else None


def _try(form, action, field_for_person=None):
    """Run the registration; a refusal is shown next to the field it concerns."""
    try:
        return action()
    except candidates.CandidateError as exc:
        target = form.photo if exc.code == "photo" else field_for_person or form.presentation
        target.errors = [*target.errors, candidates.MESSAGES[exc.code]]
        return None


@bp.route("/kandidera", methods=["GET", "POST"])
@requires("use_my_pages")
def stand():
    """A pupil logged in with e-ID stands as a candidate, or sees how their profile fares."""
    mark_personal_data()
    election = _current_or_404()
    voter = candidates.voter_of_resident(election, current_user)
    candidate = candidates.candidate_of(election, voter)
    refusal = None
    if candidate is None:
        try:
            candidates.check_eligible(election, voter)
            if not candidates.candidacy_is_open(election):
                raise candidates.CandidateError("window")
        except candidates.CandidateError as exc:
            refusal = candidates.MESSAGES[exc.code]
    editable = candidate is None or candidate.status == CANDIDATE_CHANGES_REQUESTED
    form = ProfileForm(obj=candidate) if editable and refusal is None else None
    if form is not None and form.validate_on_submit():
        photo = _photo(form)
        if candidate is None:
            done = _try(
                form,
                lambda: candidates.register(
                    election, voter, form.presentation.data, photo, registered_by=current_user
                ),
            )
        else:
            done = _try(
                form, lambda: candidates.resubmit(candidate, form.presentation.data, photo)
            )
        if done is not None:
            flash(_("Your profile is sent. A moderator checks it against the rules."), "success")
            return redirect(url_for(".stand"))
    return render_template(
        "youth/stand.html",
        election=election,
        voter=voter,
        candidate=candidate,
        form=form,
        refusal=refusal,
        decisions=candidates.decisions(candidate) if candidate else [],
    )


@school_bp.route("/<int:school_id>/kandidat", methods=["GET", "POST"])
@requires("assist_voters")
def register_pupil(school_id):
    """The school contact registers a pupil of their school as a candidate."""
    mark_personal_data()
    school = services.get_school_for_contact_or_404(school_id, current_user)
    election = school.election
    pupils = [
        voter
        for voters in services.voters_by_class(school).values()
        for voter in voters
        if candidates.candidate_of(election, voter) is None
    ]
    form = PupilProfileForm()
    form.voter.choices = choices(
        [("", _("Choose a pupil"))] + [(str(v.id), f"{v.name} ({v.class_name})") for v in pupils]
    )
    if form.validate_on_submit():
        voter = services.get_voter_of_school_or_404(school, int(form.voter.data))
        done = _try(
            form,
            lambda: candidates.register(
                election, voter, form.presentation.data, _photo(form), registered_by=current_user
            ),
            form.voter,
        )
        if done is not None:
            flash(_("The profile is sent to moderation."), "success")
            return redirect(url_for(".school", school_id=school.id))
    return render_template("youth/school/candidate.html", school=school, form=form)


@bp.route("/kandidater")
@public
@cached_page
def candidate_list():
    """Approved candidates per area, in an order that favours no one."""
    election = _current_or_404()
    return render_template(
        "youth/candidates.html", election=election, by_area=candidates.approved(election)
    )


@bp.route("/kandidater/<int:candidate_id>/bild")
@public
def candidate_photo(candidate_id):
    """An approved candidate's photo, as stored after its metadata was removed."""
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.status != CANDIDATE_APPROVED or not candidate.photo_id:
        abort(404)
    return Response(storage.load(candidate.photo_id), mimetype="image/jpeg")
