"""Server-side log-in sessions with idle and absolute timeouts.

The cookie holds a random token; the database holds its SHA-256. Logging out or timing out
ends the row, so a copied cookie stops working at once: not only the log-in, but everything
else the signed cookie carries beside it (receipts, follow and draft tokens), since a cookie
whose log-in has ended is emptied whole on its next request.
"""

import secrets
from datetime import timedelta

from flask import current_app, flash, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from eservices.accounts.models import LoginSession
from eservices.audit import services as audit
from eservices.crypto import token_hash
from eservices.database import utcnow
from eservices.extensions import db

# Writing last_seen_at on every request would serialise all requests on one row.
LAST_SEEN_GRANULARITY = timedelta(seconds=60)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, with the signer made once per key, not per request.

    Flask makes it anew each time a request opens or saves a session: a tenth of what serving
    a kept page with a form costs (docs/performance.md). It holds nothing but the keys.
    """

    def get_signing_serializer(self, app):
        """The signer of `app`'s current key and fallbacks, made on first use."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = app.extensions.get("session_signer")
        if made is None or made[0] != keys:
            made = app.extensions["session_signer"] = (keys, super().get_signing_serializer(app))
        return made[1]


def init_app(app, login_manager):
    """Wire Flask-Login to the session table and load the user early in each request."""
    app.session_interface = CookieSessions()
    login_manager.user_loader(_load_user)
    login_manager.session_protection = "basic"
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @app.before_request
    def _load_early():
        # Load (and possibly expire) the session before the view starts its own work, so the
        # bookkeeping commit in _load_user never commits half of a view's transaction.
        if request.endpoint != "static" and not current_user.is_authenticated:
            _forget_ended_login()


def _forget_ended_login():
    # The cookie names a log-in that has ended (log-out, a timeout, another device's log-out
    # of every session): whatever else it carries was granted inside that log-in and ends
    # with it. Only the message saying why survives.
    if "_user_id" in session:
        flashes = session.get("_flashes")
        session.clear()
        if flashes:
            session["_flashes"] = flashes


def _load_user(token):
    login = db.session.get(LoginSession, token_hash(token))
    if login is None or login.ended_at is not None:
        return None
    now = utcnow()
    config = current_app.config
    idle = now - login.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
    too_old = now - login.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]
    if idle or too_old or not login.user.is_active:
        login.ended_at = now
        audit.record(
            "session.expired",
            login.user,
            actor=login.user,
            reason="idle" if idle else ("age" if too_old else "inactive"),
        )
        db.session.commit()
        flash(_l("You have been logged out because the session ended. Please log in again."))
        return None
    if now - login.last_seen_at > LAST_SEEN_GRANULARITY:
        login.last_seen_at = now
        db.session.commit()
    user = login.user
    user.session_token = token
    return user


def start(user, method):
    """Log `user` in with a new session id; the caller commits."""
    # Renew the session: nothing an attacker planted before log-in survives it.
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            token_hash=token_hash(token), user=user, method=method, ip=request.remote_addr
        )
    )
    user.last_login_at = utcnow()
    user.session_token = token
    login_user(user)
    session.permanent = True
    return token


def end():
    """End the current log-in session for good; the caller commits."""
    token = getattr(current_user, "session_token", None)
    if token:
        login = db.session.get(LoginSession, token_hash(token))
        if login is not None and login.ended_at is None:
            login.ended_at = utcnow()
    logout_user()
    session.clear()


def end_all_for(user):
    """End every open session of `user` (deactivation, password change); the caller commits."""
    now = utcnow()
    for login in db.session.scalars(
        db.select(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
        )
    ):
        login.ended_at = now
