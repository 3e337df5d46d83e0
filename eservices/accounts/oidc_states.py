"""e-ID log-ins in flight: the state, nonce and PKCE verifier, kept in the database.

The browser carries only the state. A callback takes its row in one statement, so a second
callback with the same state (a replay, even at the same moment) finds nothing, whatever the
broker does with a code used twice.
"""

import hashlib
from datetime import timedelta

from sqlalchemy import delete

from eservices.accounts.models import OidcLoginState
from eservices.database import transaction, utcnow
from eservices.extensions import db

# A person has this long at the broker before the log-in must begin again.
LIFETIME = timedelta(minutes=10)


def _hash(state):
    return hashlib.sha256(state.encode()).hexdigest()


def save(authorization, redirect_uri, max_age):
    """Keep what the callback of `authorization` (Authlib's answer) must match."""
    now = utcnow()
    with transaction():
        db.session.execute(
            delete(OidcLoginState).where(OidcLoginState.created_at < now - LIFETIME)
        )
        db.session.add(
            OidcLoginState(
                state_hash=_hash(authorization["state"]),
                nonce=authorization["nonce"],
                code_verifier=authorization["code_verifier"],
                redirect_uri=redirect_uri,
                max_age=max_age,
                created_at=now,
            )
        )


def take(state):
    """The log-in in flight with this state, removed for good; None if unknown or expired."""
    with transaction():
        row = db.session.execute(
            delete(OidcLoginState)
            .where(OidcLoginState.state_hash == _hash(state))
            .returning(
                OidcLoginState.nonce,
                OidcLoginState.code_verifier,
                OidcLoginState.redirect_uri,
                OidcLoginState.max_age,
                OidcLoginState.created_at,
            )
        ).one_or_none()
    if row is None or row.created_at < utcnow() - LIFETIME:
        return None
    return row
