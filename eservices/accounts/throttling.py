"""Log-in throttling counted in the database: every worker and app server sees one count.

Staff log-in counts attempts under three kinds of counter, each in a fixed window:
- "address": guesses from one address, at any accounts (LOGIN_LIMIT_PER_IP);
- "account-address": guesses at one account from one address (LOGIN_LIMIT_PER_ACCOUNT);
- "code": guesses at one account's second factor, from anywhere (LOGIN_LIMIT_PER_ACCOUNT).
Someone who does not know the password fills only the counters of their own address, so they
cannot lock a staff member out; only someone past the password can lock the code step. Why,
and what that leaves, is in docs/security.md.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from limits import RateLimitItem, parse
from sqlalchemy import case, delete, update
from sqlalchemy.dialects import postgresql, sqlite

from eservices.accounts.models import LoginThrottle
from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db

# Counters whose window ended this long ago are deleted, whatever their limits.
KEEP_AT_LEAST = timedelta(days=1)


class Throttled(Exception):
    """Too many attempts: this one was refused without being checked."""

    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Counter:
    """One count of attempts: its kind, the hashed key and the limit."""

    kind: str
    key: str
    limit: RateLimitItem

    @property
    def window(self):
        """How long one window of this counter lasts."""
        return timedelta(seconds=self.limit.get_expiry())


def _counter(kind, setting, *parts):
    key = hashlib.sha256("\x1f".join((kind, *map(str, parts))).encode()).hexdigest()
    return Counter(kind, key, parse(current_app.config[setting]))


def password_counters(email, address):
    """The counters a password attempt for `email` from `address` goes under."""
    return (
        _counter("address", "LOGIN_LIMIT_PER_IP", address),
        _counter("account-address", "LOGIN_LIMIT_PER_ACCOUNT", email, address),
    )


def code_counters(user_id, address):
    """The counters a second-factor attempt for the user goes under."""
    return (
        _counter("address", "LOGIN_LIMIT_PER_IP", address),
        _counter("code", "LOGIN_LIMIT_PER_ACCOUNT", user_id),
    )


def attempt(counters, user_id=None):
    """Count an attempt under each counter before it is checked, so that parallel requests
    cannot all slip in under the limit. Raise Throttled when a counter is past its limit: a
    refused attempt counts nowhere, and only the first refusal of a window is audited."""
    now = utcnow()
    refused = []
    with transaction():
        for counter in counters:
            attempts, window_start = _count(counter, now)
            if attempts > counter.limit.amount:
                refused.append((counter, window_start))
                _audit_once(counter, now, user_id)
        if refused:
            _give_back(counters)
    if refused:
        ends = max(start + counter.window for counter, start in refused)
        raise Throttled(retry_after=max(1, int((ends - now).total_seconds())))


def succeeded(counters):
    """Give back the attempt that a right answer took: only failures count."""
    with transaction():
        _give_back(counters)


def _give_back(counters):
    db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key.in_([c.key for c in counters]), LoginThrottle.attempts > 0)
        .values(attempts=LoginThrottle.attempts - 1)
    )


def _count(counter, now):
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(LoginThrottle)
        .values(key=counter.key, window_start=now, attempts=0)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    # One statement, so that concurrent attempts each see their own count. In SET, every
    # column reads its value from before the update.
    expired = LoginThrottle.window_start <= now - counter.window
    attempts, window_start = db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == counter.key)
        .values(
            attempts=case((expired, 1), else_=LoginThrottle.attempts + 1),
            window_start=case((expired, now), else_=LoginThrottle.window_start),
            reported_at=case((expired, None), else_=LoginThrottle.reported_at),
        )
        .returning(LoginThrottle.attempts, LoginThrottle.window_start)
    ).one()
    if attempts == 1:
        # A new window: a good moment to forget windows long over.
        stale = now - max(counter.window, KEEP_AT_LEAST)
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.window_start < stale))
    return attempts, window_start


def _audit_once(counter, now, user_id):
    first = db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.key == counter.key, LoginThrottle.reported_at.is_(None))
        .values(reported_at=now)
    ).rowcount
    if first:
        audit.record(
            "login.throttled",
            actor=None,
            object_type="users",
            object_id=user_id,
            counter=counter.kind,
        )
