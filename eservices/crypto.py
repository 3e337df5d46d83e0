"""Keyed hashing and field encryption, so a database dump alone reveals no personnummer.

Both keys can be rotated (docs/keys.md): the first of FIELD_ENCRYPTION_KEYS encrypts and any
of them decrypts, until `flask keys reencrypt` has moved everything to the first; look-ups
accept PNR_HMAC_KEY and PNR_HMAC_PREVIOUS_KEYS, until `flask keys rehash` has moved every
hash to PNR_HMAC_KEY.
"""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


def _split(keys):
    return [key.strip() for key in keys.split(",") if key.strip()]


def _hash(key, value, purpose):
    return hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def lookup_hash(value, *, purpose):
    """A keyed HMAC-SHA256 of `value`, for look-ups and uniqueness without the clear value."""
    return _hash(current_app.config["PNR_HMAC_KEY"], value, purpose)


def lookup_hashes(value, *, purpose):
    """The hashes `value` may be stored under: the current key's first, then older keys'."""
    keys = [current_app.config["PNR_HMAC_KEY"]]
    keys += _split(current_app.config["PNR_HMAC_PREVIOUS_KEYS"])
    return [_hash(key, value, purpose) for key in keys]


def token_hash(token):
    """SHA-256 of a random secret token, stored instead of the token (sessions, links)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _fernets():
    return [Fernet(key) for key in _split(current_app.config["FIELD_ENCRYPTION_KEYS"])]


def _fernet():
    return MultiFernet(_fernets())


def encrypt(value):
    """Encrypt a string with the current field key."""
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token):
    """Decrypt a string encrypted by encrypt(), with any configured key."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("the value cannot be decrypted with the configured keys") from exc


def encrypt_bytes(data):
    """Encrypt bytes (an attachment) with the current field key."""
    return _fernet().encrypt(data)


def decrypt_bytes(token):
    """Decrypt bytes encrypted by encrypt_bytes(), with any configured key."""
    try:
        return _fernet().decrypt(token)
    except InvalidToken as exc:
        raise ValueError("the file cannot be decrypted with the configured keys") from exc


def reencrypt_bytes(token):
    """``token`` encrypted anew with the current key, or None when it already is.

    Raises ValueError when no configured key decrypts it.
    """
    fernets = _fernets()
    try:
        fernets[0].decrypt(token)
        return None
    except InvalidToken:
        pass
    try:
        return MultiFernet(fernets).rotate(token)
    except InvalidToken as exc:
        raise ValueError("the value cannot be decrypted with the configured keys") from exc


def reencrypt(token):
    """A string token encrypted anew with the current key, or None when it already is."""
    rotated = reencrypt_bytes(token.encode("ascii"))
    return None if rotated is None else rotated.decode("ascii")
