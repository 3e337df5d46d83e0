"""Who is voting in this browser: a short voting session, apart from any log-in, that ends
for good the moment the vote is cast.

Pupils vote one after another on the same school computer, so nothing of one voter may be
left for the next: the whole session is cleared after the vote (an assisting member of
staff stays logged in; only the voter's part goes). What is left is a mark that a vote was
cast here, so that the back button shows "Du har röstat" and never the ballot.
"""

import time

from flask import session

from eservices.extensions import db
from eservices.i18n import SESSION_LANGUAGE
from eservices.youth.models import Voter

VOTER = "youth_voter"
CHOICE = "youth_choice"
VOTED = "youth_voted"
TRACKER = "youth_tracker"
LANGUAGE = SESSION_LANGUAGE
# Long enough to read the ballot slowly; short enough that a forgotten session dies.
MAX_SECONDS = 20 * 60


def begin(voter, helper_id=None):
    """Start voting as `voter`, after e-ID, a voting code, or with staff help."""
    for key in (VOTER, CHOICE, VOTED, TRACKER):
        session.pop(key, None)
    session[VOTER] = {
        "id": voter.id,
        "election": voter.election_id,
        "since": time.time(),
        "helper": helper_id,
    }


def current_voter(election):
    """The voter of this browser's voting session, or None (none, expired, other election)."""
    data = session.get(VOTER)
    if not data or data.get("election") != election.id:
        return None
    if time.time() - data.get("since", 0) > MAX_SECONDS:
        session.pop(VOTER, None)
        return None
    return db.session.get(Voter, data["id"])


def helper_id():
    """The member of staff assisting this vote, or None."""
    return (session.get(VOTER) or {}).get("helper")


def end(tracker=None):
    """End the voting session for good, leaving only the mark that a vote was cast here.

    The ballot's language stays for the one page that says the vote is cast, so that the
    voter reads it in the language they voted in; `take_tracker` then drops it.
    """
    language = session.get(LANGUAGE)
    if helper_id() is None:
        session.clear()
    else:
        for key in (VOTER, CHOICE):
            session.pop(key, None)
    session[VOTED] = True
    if tracker:
        session[TRACKER] = tracker
    if language:
        session[LANGUAGE] = language


def take_tracker():
    """The tracker of the vote just cast, once (None after), and the end of its language."""
    session.pop(LANGUAGE, None)
    return session.pop(TRACKER, None)


def has_voted_here():
    """True after a vote was cast in this browser and no one has started voting since."""
    return bool(session.get(VOTED))
