"""One-time voting codes, printed on class slips for pupils who vote without e-ID.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S,
8/B), about 54 bits: unguessable within any rate limit. Only a keyed hash is stored, so a
code is shown once, on the slip; printing a class's slips again gives new codes and the old
ones stop working. A code dies when its vote is cast (voting.cast_vote).
"""

import secrets

from sqlalchemy import delete, select

from eservices import crypto
from eservices.database import transaction
from eservices.extensions import db
from eservices.youth.models import Voter, VotingCode

ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
LENGTH = 12
GROUP = 4


def new_code():
    """A fresh random code, in groups of four for reading: "ACDE-FHJK-MNPR"."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(text):
    """What was typed, as the code's characters: case, spaces and hyphens do not matter."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def code_hash(text):
    """The keyed hash a code is stored and found by."""
    return crypto.lookup_hash(normalise(text), purpose="youth-voting-code")


def looks_like_a_code(text):
    """True when `text` has the length and the characters of a code."""
    raw = normalise(text)
    return len(raw) == LENGTH and all(ch in ALPHABET for ch in raw)


def issue(voters):
    """New codes for `voters` who have not voted, replacing any earlier code of theirs.

    Returns [(voter, code)] in the order given; the codes exist nowhere else afterwards.
    """
    waiting = [voter for voter in voters if not voter.has_voted]
    issued = [(voter, new_code()) for voter in waiting]
    with transaction():
        ids = [voter.id for voter in waiting]
        if ids:
            db.session.execute(delete(VotingCode).where(VotingCode.voter_id.in_(ids)))
        db.session.add_all(
            VotingCode(voter_id=voter.id, code_hash=code_hash(code)) for voter, code in issued
        )
    return issued


def voter_for_code(election, text):
    """The voter whose unused code `text` is, in `election`, or None."""
    if not looks_like_a_code(text):
        return None
    return db.session.scalar(
        select(Voter)
        .join(VotingCode, VotingCode.voter_id == Voter.id)
        .where(
            VotingCode.code_hash == code_hash(text),
            VotingCode.used.is_(False),
            Voter.election_id == election.id,
        )
    )
