"""Standing as a candidate: registration against the census, the photo, and moderation.

A pupil registers in the candidacy window, with e-ID or through their school contact. The
name, area and school come from their census row, so a candidate always stands where they
may be voted for. The profile then waits in the moderation queue under the election's rules
(the `candidate` kind, registered here); only approved profiles are shown and on the ballot.
"""

import io

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from eservices import crypto, parsers
from eservices.attachments import storage
from eservices.audit import services as audit
from eservices.database import SWEDEN, transaction, utcnow
from eservices.extensions import db
from eservices.moderation import services as moderation
from eservices.moderation.registry import Content, Kind
from eservices.youth import voting
from eservices.youth.models import (
    CANDIDATE_APPROVED,
    CANDIDATE_CHANGES_REQUESTED,
    CANDIDATE_PENDING,
    CANDIDATE_REJECTED,
    Candidate,
)

KIND = "candidate"
FIRST_YEAR = 6  # a candidate has begun school year 6
OLDEST = 17  # and is at most 17 on the first voting day
PRESENTATION_MAX = 1000
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 800


class CandidateError(Exception):
    """A registration that cannot be made; `code` says why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


MESSAGES = {
    "window": _l("Candidates can register only while candidacy is open."),
    "not_in_census": _l("You are not in the census of this election, so you cannot stand."),
    "too_young": _l("Candidates must have begun school year 6."),
    "too_old": _l("Candidates must be at most 17 years old on the first day of voting."),
    "registered": _l("You are already registered as a candidate."),
    "photo": _l("The photo must be a JPEG, PNG or WebP image of at most 5 MB."),
    "not_editable": _l("The profile can be changed only when the moderator has asked for it."),
}


def age_on(birth_date, day):
    """Whole years from `birth_date` to `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def first_voting_day(election):
    """The date voting opens, in Swedish time."""
    return election.voting_opens_at.astimezone(SWEDEN).date()


def check_eligible(election, voter):
    """Raise CandidateError unless the census row may stand in this election."""
    if voter is None:
        raise CandidateError("not_in_census")
    if voter.school_year < FIRST_YEAR:
        raise CandidateError("too_young")
    if age_on(voter.birth_date, first_voting_day(election)) > OLDEST:
        raise CandidateError("too_old")


def candidacy_is_open(election, now=None):
    """Whether registration is open now."""
    now = now or utcnow()
    return election.candidacy_opens_at <= now < election.candidacy_closes_at


def voter_of_resident(election, user):
    """The census row of a resident logged in with e-ID, or None."""
    if user is None or not getattr(user, "pnr_encrypted", None):
        return None
    number = parsers.parse_personnummer(crypto.decrypt(user.pnr_encrypted))
    return voting.voter_by_personnummer(election, number)


def candidate_of(election, voter):
    """The voter's own candidacy in the election, or None."""
    if voter is None:
        return None
    return db.session.scalar(
        select(Candidate).where(
            Candidate.election_id == election.id, Candidate.voter_id == voter.id
        )
    )


def clean_photo(data):
    """The photo re-encoded as JPEG at most PHOTO_MAX_SIDE wide or high, with no metadata.

    Decoding and drawing it anew keeps only the pixels: no EXIF (place, camera, time), no
    comments, nothing a crafted file carried besides the picture.
    """
    if not data or len(data) > PHOTO_MAX_BYTES:
        raise CandidateError("photo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG", "WEBP"):
                raise CandidateError("photo")
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise CandidateError("photo") from None
    return out.getvalue()


def register(election, voter, presentation, photo=None, registered_by=None, now=None):
    """Register `voter` as a candidate and put the profile in the moderation queue."""
    if not candidacy_is_open(election, now):
        raise CandidateError("window")
    check_eligible(election, voter)
    if candidate_of(election, voter) is not None:
        raise CandidateError("registered")
    photo_key = storage.save(clean_photo(photo)) if photo else None
    with transaction():
        candidate = Candidate(
            election_id=election.id,
            area_id=voter.area_id,
            school_id=voter.school_id,
            voter_id=voter.id,
            name=voter.name,
            presentation=presentation,
            photo_id=photo_key,
            status=CANDIDATE_PENDING,
        )
        db.session.add(candidate)
        db.session.flush()
        moderation.submit(KIND, candidate.id)
        audit.record(
            "election.candidate_registered",
            actor=registered_by,
            object_type="candidate",
            object_id=str(candidate.id),
        )
    return candidate


def resubmit(candidate, presentation, photo=None):
    """Send a profile back to moderation after the changes the moderator asked for."""
    if candidate.status != CANDIDATE_CHANGES_REQUESTED:
        raise CandidateError("not_editable")
    new_key = storage.save(clean_photo(photo)) if photo else None
    with transaction():
        candidate.presentation = presentation
        if new_key:
            candidate.photo_id = new_key
        candidate.status = CANDIDATE_PENDING
        moderation.submit(KIND, candidate.id)
    return candidate


def approved(election):
    """Approved candidates by area id, each area in the election's order."""
    by_area = {}
    for area in election.areas:
        by_area[area.id] = voting.candidates_on_ballot(election, area.id)
    return by_area


def decisions(candidate):
    """The moderation rounds of a profile, newest first, with the rules each cited."""
    return list(reversed(moderation.history(KIND, candidate.id)))


# --- The moderation queue's `candidate` kind -------------------------------------------------


def _load(object_id):
    if not str(object_id).isdigit():
        return None
    return db.session.get(Candidate, int(object_id))


def _show(candidate):
    facts = [(_l("City area"), candidate.area.name)]
    if candidate.school is not None:
        facts.append((_l("School"), candidate.school.name))
    facts.append((_l("Photo"), _l("Yes") if candidate.photo_id else _l("No")))
    return Content(
        title=candidate.name,
        texts=((_l("What I want to change"), candidate.presentation),),
        author=candidate.name,
        facts=tuple(facts),
    )


def _set(status):
    def callback(candidate, _decision):
        candidate.status = status

    return callback


def _open_profiles():
    rows = db.session.execute(
        select(Candidate.id, Candidate.presentation).where(Candidate.status == CANDIDATE_APPROVED)
    )
    return [(str(candidate_id), text) for candidate_id, text in rows]


CANDIDATE_KIND = Kind(
    name=KIND,
    label=_l("Candidate profile"),
    load=_load,
    show=_show,
    on_approve=_set(CANDIDATE_APPROVED),
    on_reject=_set(CANDIDATE_REJECTED),
    on_request_changes=_set(CANDIDATE_CHANGES_REQUESTED),
    on_remove=_set(CANDIDATE_REJECTED),
    open_items=_open_profiles,
)
audit.register_actions("election.candidate_registered")
