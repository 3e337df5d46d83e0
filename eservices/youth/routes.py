"""HTTP for voters and the public: the election's page, identifying, the ballot, the vote.

Every voting page is sent with no-store, so the back button asks the server again and,
after the vote, gets "Du har röstat" instead of the ballot.
"""

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from eservices.accounts import identity
from eservices.accounts.forms import ConfirmForm
from eservices.extensions import csrf, limiter
from eservices.pagecache import cached_page
from eservices.permissions import public
from eservices.security import (
    forbid_storing,
    mark_personal_data,
    public_url,
    safe_next,
    sent_from_this_site,
)
from eservices.youth import ballot_session, bp, candidates, codes, results, services, voting
from eservices.youth.forms import BallotForm, CodeForm, VoterEidForm

BLANK = "blank"


@bp.before_request
def _ballot_language():
    # The ballot's own languages (the election's setting), chosen per voting session.
    language = session.get(ballot_session.LANGUAGE)
    if language:
        g.page_language = language


def _open_election(seed=False):
    # Only the start page looks for the lottery seed: cast_vote draws it before any vote.
    election = services.current_election()
    if election is None:
        abort(404)
    voting.open_voting(election, seed=seed)
    return election


@bp.route("/")
@public
@cached_page
def index():
    """The youth election: when it is, who may vote, the ways in, and published results."""
    election = services.current_election()
    if election is not None:
        voting.open_voting(election)
    return render_template(
        "youth/index.html",
        election=election,
        candidacy_open=election is not None and candidates.candidacy_is_open(election),
        published=results.published_years(),
    )


@bp.route("/sprak", methods=["POST"])
@public
@csrf.exempt
def set_language():
    """Show the ballot in another of the election's languages, for this voting session.

    Without a CSRF token, like the site's own language switch (main/routes.py), so that the
    election's public pages need no session of their own.
    """
    election = _open_election()
    language = request.form.get("lang")
    if not sent_from_this_site() or language not in election.language_codes:
        abort(400)
    session[ballot_session.LANGUAGE] = language
    return redirect(safe_next(request.form.get("next"), url_for(".start")))


# --- Identifying -------------------------------------------------------------------------


@bp.route("/rosta")
@public
@cached_page
def start():
    """Choose how to show who you are: e-ID, or the voting code from the class slip."""
    # The same page for every visitor who has not shown who they are (a voter's session is
    # never shared), but never kept by the browser, like every voting page.
    forbid_storing()
    election = _open_election(seed=True)
    if not election.voting_is_open():
        return render_template("youth/closed.html", election=election)
    return render_template(
        "youth/start.html", election=election, form=CodeForm(), eid=_eid_available()
    )


def _eid_available():
    return identity.oidc_enabled() or identity.test_eid_enabled()


def _code_failed(_response):
    return bool(g.get("code_failed"))


def _code_key():
    return "youth-code:" + codes.code_hash(request.form.get("code", "")[:40])


def _limit_per_address():
    return current_app.config["VOTING_CODE_LIMIT_PER_IP"]


def _limit_per_code():
    return current_app.config["VOTING_CODE_LIMIT_PER_CODE"]


@bp.route("/rosta/kod", methods=["POST"])
@public
@limiter.limit(_limit_per_address, methods=["POST"], deduct_when=_code_failed)
@limiter.limit(_limit_per_code, key_func=_code_key, methods=["POST"])
def code_login():
    """Identify with a voting code; wrong codes count against the address's limit."""
    mark_personal_data()
    election = _open_election()
    form = CodeForm()
    if form.validate_on_submit():
        voter = codes.voter_for_code(election, form.code.data)
        if voter is not None:
            return _identified(election, voter)
        g.code_failed = True
        form.code.errors.append(
            _("The code is not right. Check it and try again, or ask your teacher.")
        )
    return render_template("youth/start.html", election=election, form=form, eid=_eid_available())


@bp.route("/rosta/e-legitimation")
@public
def eid_start():
    """Hand over to the e-ID broker, which must ask for the e-ID again every time."""
    _open_election()
    if identity.oidc_enabled():
        return identity.oidc_redirect(public_url("youth.eid_return"), fresh=True)
    if not identity.test_eid_enabled():
        abort(404)
    return redirect(url_for(".test_eid"))


@bp.route("/rosta/e-legitimation/retur")
@public
def eid_return():
    """The broker sends the voter back here."""
    mark_personal_data()
    election = _open_election()
    if not identity.oidc_enabled():
        abort(404)
    try:
        person = identity.oidc_identity()
    except identity.IdentityError as exc:
        current_app.logger.warning("e-ID for voting refused: %s", exc)
        flash(_("The e-ID did not work. Please try again."), "error")
        return redirect(url_for(".start"))
    return _identified(election, voting.voter_by_personnummer(election, person.personnummer))


@bp.route("/rosta/test-e-legitimation", methods=["GET", "POST"])
@public
def test_eid():
    """The built-in test e-ID, for demonstrations: never in production."""
    mark_personal_data()
    election = _open_election()
    if not identity.test_eid_enabled():
        abort(404)
    form = VoterEidForm()
    if form.validate_on_submit():
        voter = voting.voter_by_personnummer(election, form.personnummer.parsed)
        return _identified(election, voter)
    return render_template("youth/test_eid.html", election=election, form=form)


def _identified(election, voter):
    if voter is None:
        return render_template("youth/not_in_census.html", election=election)
    if voter.has_voted:
        return _already_voted(election)
    ballot_session.begin(voter)
    return redirect(url_for(".ballot"))


def _already_voted(election):
    return render_template("youth/already_voted.html", election=election), 409


# --- The ballot --------------------------------------------------------------------------


def _voter_or_done(election):
    """The voter of this session, or the page to show instead of the ballot."""
    if not election.voting_is_open():
        return None, render_template("youth/closed.html", election=election)
    voter = ballot_session.current_voter(election)
    if voter is None:
        if ballot_session.has_voted_here():
            return None, render_template("youth/voted.html", election=election, tracker=None)
        flash(_("Show who you are first."), "error")
        return None, redirect(url_for(".start"))
    if voter.has_voted:
        return None, _already_voted(election)
    return voter, None


def _ballot_form(election, candidates):
    form = BallotForm()
    form.choice.choices = [(str(c.id), c.name) for c in candidates]
    if election.blank_vote_allowed:
        form.choice.choices.append((BLANK, _("Vote blank")))
    return form


@bp.route("/valsedel", methods=["GET", "POST"])
@public
def ballot():
    """The ballot: the candidates of the voter's area as cards, and a blank vote."""
    mark_personal_data()
    election = _open_election()
    voter, instead = _voter_or_done(election)
    if instead is not None:
        return instead
    candidates = voting.candidates_on_ballot(election, voter.area_id)
    form = _ballot_form(election, candidates)
    if form.validate_on_submit():
        session[ballot_session.CHOICE] = form.choice.data
        return redirect(url_for(".confirm"))
    return render_template(
        "youth/ballot.html", election=election, voter=voter, candidates=candidates, form=form
    )


@bp.route("/valsedel/bekrafta", methods=["GET", "POST"])
@public
def confirm():
    """Check the choice, then cast the vote; the voting session ends with it."""
    mark_personal_data()
    election = _open_election()
    voter, instead = _voter_or_done(election)
    if instead is not None:
        return instead
    choice = session.get(ballot_session.CHOICE)
    candidate = None
    if choice != BLANK:
        candidate = services.get_candidate(election, choice)
        if candidate is None:
            return redirect(url_for(".ballot"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            tracker = voting.cast_vote(
                election,
                voter.id,
                candidate.id if candidate else None,
                helper_id=ballot_session.helper_id(),
            )
        except voting.VotingError as exc:
            if exc.code == "already_voted":
                ballot_session.end()
                return _already_voted(election)
            flash(_("Choose again: that choice is not on your ballot."), "error")
            return redirect(url_for(".ballot"))
        ballot_session.end(tracker)
        return redirect(url_for(".voted"))
    return render_template("youth/confirm.html", election=election, candidate=candidate, form=form)


@bp.route("/har-rostat")
@public
def voted():
    """ "Du har röstat", in big letters, with the tracker code shown this once."""
    mark_personal_data()
    election = _open_election()
    tracker = ballot_session.take_tracker()
    if tracker is None and not ballot_session.has_voted_here():
        return redirect(url_for(".index"))
    return render_template("youth/voted.html", election=election, tracker=tracker)
