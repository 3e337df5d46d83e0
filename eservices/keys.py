"""Key rotation: moving what is stored under older keys to the current ones (docs/keys.md).

An encrypted column is one of type EncryptedJSON or EncryptedText, or one whose name ends in
``_encrypted`` (a Fernet token written with crypto.encrypt). Each is found in the models'
metadata, so a new one is re-encrypted without being listed here. Keyed hashes cannot be
found that way: each capability that stores them registers how to rehash them.
"""

from dataclasses import dataclass, field

from sqlalchemy import Text, literal, select, tuple_, type_coerce, update

from eservices import crypto
from eservices.database import EncryptedJSON, EncryptedText
from eservices.extensions import db

_REHASHERS = {}


@dataclass
class Rotation:
    """What a re-encryption or rehash run changed, per column or registered name."""

    changed: dict = field(default_factory=dict)
    unreadable: dict = field(default_factory=dict)

    def lines(self):
        """For the command's output."""
        lines = [f"{name}: {count} changed" for name, count in self.changed.items()]
        lines += [
            f"{name}: {count} could not be read with the configured keys"
            for name, count in self.unreadable.items()
            if count
        ]
        return lines


def encrypted_columns(metadata=None):
    """(table, column) for every column that holds encrypted values."""
    for table in (metadata or db.metadata).sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedJSON | EncryptedText) or column.name.endswith(
                "_encrypted"
            ):
                yield table, column


def reencrypt_columns(batch_size=500):
    """Re-encrypt every encrypted value not under the current field key, a batch at a time.

    Each value is replaced only if it is still the one that was read, so a row that the
    application changes meanwhile (with the current key) is left as it is.
    """
    rotation = Rotation()
    for table, column in encrypted_columns():
        name = f"{table.name}.{column.name}"
        changed, unreadable = _reencrypt_column(table, column, batch_size)
        rotation.changed[name], rotation.unreadable[name] = changed, unreadable
    return rotation


def _reencrypt_column(table, column, batch_size):
    keys = list(table.primary_key.columns)
    raw = type_coerce(column, Text)  # the stored token, not the decrypted value
    changed = unreadable = 0
    last = None
    while True:
        query = select(*keys, raw).where(column.is_not(None)).order_by(*keys).limit(batch_size)
        if last is not None:
            query = query.where(tuple_(*keys) > tuple_(*last))
        rows = db.session.execute(query).all()
        if not rows:
            return changed, unreadable
        for row in rows:
            *key, token = row
            try:
                new = crypto.reencrypt(token)
            except ValueError:
                unreadable += 1
                continue
            if new is None:
                continue
            where = [k == v for k, v in zip(keys, key, strict=True)] + [raw == token]
            result = db.session.execute(
                update(table).where(*where).values({column.name: literal(new, Text)})
            )
            changed += result.rowcount
        db.session.commit()
        last = list(rows[-1][:-1])


def register_rehash(name, rehash):
    """Register ``rehash()``, which moves a capability's keyed hashes to the current key and
    returns (changed, could not be changed)."""
    _REHASHERS[name] = rehash


def rehash_all():
    """Run every registered rehash."""
    rotation = Rotation()
    for name, rehash in _REHASHERS.items():
        rotation.changed[name], rotation.unreadable[name] = rehash()
    return rotation
