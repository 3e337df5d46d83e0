"""Keyed hashing and field encryption, so a database dump alone reveals no personnummer."""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


def lookup_hash(value, *, purpose):
    """A keyed HMAC-SHA256 of `value`, for look-ups and uniqueness without the clear value."""
    key = current_app.config["PNR_HMAC_KEY"].encode()
    message = f"{purpose}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def token_hash(token):
    """SHA-256 of a random secret token, stored instead of the token (sessions, links)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _fernet():
    keys = [k.strip() for k in current_app.config["FIELD_ENCRYPTION_KEYS"].split(",") if k.strip()]
    return MultiFernet([Fernet(k) for k in keys])


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
