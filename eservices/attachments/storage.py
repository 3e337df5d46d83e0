"""The attachment store: encrypted files under random names, outside the web root.

The directory is ATTACHMENTS_DIR (default: ``attachments/`` in the instance folder). Nothing
serves it directly; every download goes through a view that checks who is asking.
"""

import os
import secrets
import time
from pathlib import Path

from flask import current_app

from eservices import crypto


def _root():
    return Path(current_app.config["ATTACHMENTS_DIR"])


def _path(key):
    # Two levels of fan-out keep directories small at a million files.
    return _root() / key[:2] / key


def save(data):
    """Encrypt and store ``data``; returns its new random storage key."""
    key = secrets.token_hex(20)
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(crypto.encrypt_bytes(data))
    # A file is either complete under its key or not there at all.
    os.replace(partial, path)
    return key


def load(key):
    """The decrypted content stored under ``key``."""
    return crypto.decrypt_bytes(_path(key).read_bytes())


def reencrypt_files():
    """Encrypt every stored file anew with the current field key (key rotation).

    Returns (changed, could not be read). Each file is replaced whole, as save() writes it.
    """
    root = _root()
    changed = unreadable = 0
    for path in root.glob("*/*") if root.is_dir() else ():
        if path.suffix == ".part" or not path.is_file():
            continue
        try:
            new = crypto.reencrypt_bytes(path.read_bytes())
        except ValueError:
            unreadable += 1
            continue
        if new is not None:
            partial = path.with_suffix(".part")
            partial.write_bytes(new)
            os.replace(partial, path)
            changed += 1
    return changed, unreadable


def delete(key):
    """Remove the file under ``key``; a file already gone is fine."""
    _path(key).unlink(missing_ok=True)


def keys_older_than(seconds):
    """Storage keys of the files (and half-written files) older than ``seconds``."""
    root = _root()
    if not root.is_dir():
        return []
    cutoff = time.time() - seconds
    return [
        path.name.removesuffix(".part")
        for path in root.glob("*/*")
        if path.is_file() and path.stat().st_mtime < cutoff
    ]
