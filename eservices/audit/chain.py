"""The hash chain over the audit log: appending in order, and checking it.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's own content,
so changing, removing or slipping in a row breaks the chain from there on. The head row
(AuditChainHead) is locked by each transaction that appends, which puts the appends in one
order: on PostgreSQL by its row lock, on SQLite by the write lock its update takes. The lock
is held from the flush of the first audit entry to the commit (docs/audit.md).
"""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from eservices.audit.models import AuditChainHead, AuditEvent
from eservices.database import as_utc, utcnow
from eservices.extensions import db

GENESIS = "0" * 64
HEAD_ID = 1


def canonical(value):
    """JSON with one spelling per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(previous, entry):
    """The hash of ``entry`` (an AuditEvent or a row with its columns) after ``previous``."""
    content = {
        "seq": entry.chain_seq,
        "occurred_at": as_utc(entry.occurred_at).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "ip": entry.ip,
        "details": entry.details or {},
    }
    return hashlib.sha256(f"{previous}\n{canonical(content)}".encode()).hexdigest()


def _upsert_head(connection, seq, hash_):
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(AuditChainHead.__table__).values(id=HEAD_ID, seq=seq, hash=hash_)
    connection.execute(statement.on_conflict_do_nothing(index_elements=["id"]))


def _lock_head(connection):
    """Lock the head row and return (seq, hash) of the chain's last entry."""
    head = AuditChainHead.__table__
    lock = update(head).where(head.c.id == HEAD_ID).values(seq=head.c.seq)
    if connection.execute(lock).rowcount == 0:
        # A new database (or a lost head): the chain ends where its last entry is.
        events = AuditEvent.__table__
        last = connection.execute(
            select(events.c.chain_seq, events.c.chain_hash)
            .order_by(events.c.chain_seq.desc())
            .limit(1)
        ).first()
        _upsert_head(connection, *(last or (0, GENESIS)))
        connection.execute(lock)
    return connection.execute(select(head.c.seq, head.c.hash).where(head.c.id == HEAD_ID)).one()


@event.listens_for(Session, "before_flush")
def _chain_new_entries(session, _context, _instances):
    # session.new keeps the order in which entries were added.
    entries = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not entries:
        return
    connection = session.connection()
    seq, previous = _lock_head(connection)
    for entry in entries:
        seq += 1
        entry.occurred_at = entry.occurred_at or utcnow()
        entry.actor_label = entry.actor_label or ""
        # Hash what will be read back: the JSON column stores details as JSON.
        entry.details = json.loads(json.dumps(entry.details or {}))
        entry.chain_seq = seq
        entry.chain_hash = previous = entry_hash(previous, entry)
    head = AuditChainHead.__table__
    connection.execute(update(head).where(head.c.id == HEAD_ID).values(seq=seq, hash=previous))


@dataclass
class Verification:
    """What `verify` found: how many entries it checked, and the first broken link if any."""

    checked: int
    head: tuple
    broken_at: int | None = None  # the id of the first entry that does not fit
    problem: str = ""

    @property
    def ok(self):
        """True when every link holds."""
        return not self.problem


def verify(batch_size=1000):
    """Walk the chain from its start and report the first entry that breaks it."""
    query = (
        select(AuditEvent).order_by(AuditEvent.chain_seq).execution_options(yield_per=batch_size)
    )
    head = db.session.execute(
        select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == HEAD_ID)
    ).first()
    entries = db.session.scalars(query)
    try:
        checked, previous, broken = _walk(entries, head)
    finally:
        entries.close()  # a server-side cursor on PostgreSQL, left early at a break
    if broken is not None:
        return broken
    if head is None:
        problem = "the chain's head row is missing" if checked else ""
    elif head.seq != checked:
        problem = (
            f"the chain ends at number {checked} but its head says {head.seq}: "
            "entries at the end are missing"
        )
    elif head.hash != previous:
        problem = f"entry number {checked} does not match the hash the head holds"
    else:
        problem = ""
    return Verification(checked, head, None, problem)


def _walk(entries, head):
    """Check each entry against the one before; (checked, last hash, Verification or None)."""
    previous, checked = GENESIS, 0
    for entry in entries:
        expected_seq = checked + 1
        if entry.chain_seq != expected_seq:
            problem = (
                f"entry {entry.id} is number {entry.chain_seq} in the chain, expected "
                f"{expected_seq}: entries before it are missing"
            )
            return checked, previous, Verification(checked, head, entry.id, problem)
        if entry_hash(previous, entry) != entry.chain_hash:
            problem = (
                f"entry {entry.id} (number {entry.chain_seq}) does not match its hash: "
                "it was changed, or an entry before it was"
            )
            return checked, previous, Verification(checked, head, entry.id, problem)
        previous, checked = entry.chain_hash, checked + 1
    return checked, previous, None
