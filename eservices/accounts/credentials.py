"""Staff credentials: argon2 password hashes and TOTP two-factor codes."""

import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from eservices import crypto

TOTP_ISSUER_FALLBACK = "E-tjänster"


def _hasher():
    if current_app.config.get("ARGON2_FAST"):
        # Tests hash hundreds of passwords; production keeps argon2-cffi's strong defaults.
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password):
    """An argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True when `password` matches; a missing hash still costs one verification."""
    hasher = _hasher()
    if not password_hash:
        # Spend the same time as a real check so response times do not reveal accounts.
        try:
            hasher.verify(_dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return False
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = {}


def _dummy_hash():
    key = bool(current_app.config.get("ARGON2_FAST"))
    if key not in _DUMMY:
        _DUMMY[key] = _hasher().hash("dummy password for timing")
    return _DUMMY[key]


def new_totp_secret():
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def totp_uri(secret, account_name):
    """The otpauth:// URI an authenticator app reads from the QR code."""
    issuer = current_app.config.get("MUNICIPALITY_NAME") or TOTP_ISSUER_FALLBACK
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=issuer)


def matching_totp_step(secret, code, *, at=None):
    """The time step at which `code` is valid (allowing one step of clock drift), or None."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    now = time.time() if at is None else at
    totp = pyotp.TOTP(secret)
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if pyotp.utils.strings_equal(totp.at(moment), code):
            return totp.timecode(_as_datetime(moment))
    return None


def _as_datetime(moment):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(moment, UTC)


def verify_totp(user, code):
    """Check a TOTP code for `user` and refuse replays of an already used code."""
    if not user.totp_secret_encrypted:
        return False
    step = matching_totp_step(crypto.decrypt(user.totp_secret_encrypted), code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True
