"""Supporting a proposal and withdrawing a support, by e-ID or on paper at a citizen office.

How the count stays right under a burst
    Every support and every withdrawal is one short transaction that first moves the count
    with one atomic ``UPDATE proposals SET support_count = support_count ± 1 WHERE id = :id
    AND status = 'published'`` and then inserts (or deletes) the support row. The UPDATE
    takes the proposal's row lock (on SQLite, the database's write lock), so the changes to
    one proposal's supports run one after the other and the count always equals the rows
    once they commit; a refused row (the person supports it already, or had withdrawn
    nothing) rolls the count back with it. Readers are never blocked: PostgreSQL's readers
    see the last committed version of the row, and SQLite's WAL lets them read beside the
    writer. Only writers to the *same* proposal wait for each other, each for the length
    of one insert; bench/proposals.py measures what that costs. The alternative, counting
    in batches and reconciling later, would leave the shown count behind and make "the
    moment the threshold is reached" a matter of the next batch.

    The UPDATE and DELETE skip the ORM's session synchronisation (``synchronize_session=
    False``): the caller expires what it holds, so the rows are never read back.

    ``flask proposals tick`` still compares the count with the rows of every open proposal
    and mends any difference (it finds none unless someone edited the database by hand).

Forwarding at the threshold is forwarding.forward_if_reached, in the same transaction.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from eservices.accounts import services as accounts
from eservices.audit import services as audit
from eservices.database import transaction, utcnow
from eservices.extensions import db
from eservices.proposals import forwarding
from eservices.proposals.models import PUBLISHED, Proposal
from eservices.proposals.support_models import DIGITAL, PAPER, ProposalSupport


class SupportError(Exception):
    """A support that cannot be given or withdrawn; ``code`` says why, ``message`` in words."""

    MESSAGES = {
        "not_open": _l("This proposal is no longer open for support."),
        "already": _l("You already support this proposal."),
        "already_paper": _l("This person already supports this proposal."),
        "not_supporting": _l("You do not support this proposal."),
        "not_resident": _l("Only residents logged in with e-ID can support proposals."),
    }

    def __init__(self, code):
        super().__init__(code)  # pragma: no mutate (only a log shows the exception's args)
        self.code = code

    @property
    def message(self):
        """What went wrong, in the user's language."""
        return self.MESSAGES[self.code]


def move_count(proposal_id, by):
    """Add ``by`` to the count of an open proposal; False when it is not open (any more).

    This is the first write of the transaction, so from here on it holds the proposal's
    row lock: every other change to this proposal's supports waits until we commit.
    """
    moved = db.session.execute(
        update(Proposal)
        .where(
            Proposal.id == proposal_id,
            Proposal.status == PUBLISHED,
            Proposal.closes_at > utcnow(),
        )
        .values(support_count=Proposal.support_count + by)
        .execution_options(synchronize_session=False)  # pragma: no mutate
    )
    return moved.rowcount == 1


def support(proposal, user, *, notify=False, channel=DIGITAL, registered_by=None):
    """Add ``user``'s support to the open ``proposal``; forward it if this one reaches the
    threshold. Returns the support.

    Raises SupportError: "not_open", "already" (the same person, by any channel), or
    "not_resident".
    """
    if user is None or not user.is_resident:
        raise SupportError("not_resident")
    proposal_id = proposal.id
    try:
        with transaction():
            if not move_count(proposal_id, +1):
                raise SupportError("not_open")
            row = ProposalSupport(
                proposal_id=proposal_id,
                supporter_id=user.id,
                channel=channel,
                registered_by_id=getattr(registered_by, "id", None),
                notify=bool(notify),
            )
            db.session.add(row)
            db.session.flush()
            if registered_by is not None:
                audit.record(
                    "proposal.paper_support_registered",
                    object_type="proposals",
                    object_id=proposal_id,
                    actor=registered_by,
                    supporter=user.id,
                )
            forwarding.forward_if_reached(proposal_id)
    except IntegrityError:
        raise SupportError("already_paper" if registered_by else "already") from None
    finally:
        # The count and status were changed in SQL: let the next read see them.
        db.session.expire(proposal)
    return row


def withdraw(proposal, user):
    """Take back ``user``'s support of the open ``proposal``.

    Raises SupportError "not_open" (forwarded, closed or past its period) or
    "not_supporting".
    """
    proposal_id = proposal.id
    try:
        with transaction():
            if not move_count(proposal_id, -1):
                raise SupportError("not_open")
            removed = db.session.execute(
                delete(ProposalSupport)
                .where(
                    ProposalSupport.proposal_id == proposal_id,
                    ProposalSupport.supporter_id == user.id,
                )
                .execution_options(synchronize_session=False)  # pragma: no mutate
            )
            if removed.rowcount != 1:
                raise SupportError("not_supporting")
    finally:
        db.session.expire(proposal)


def register_paper_support(proposal, number, *, given_name, family_name, staff):
    """A support from a paper list, for the person with personnummer ``number`` (parsed).

    The person is their resident account, found or created by the personnummer, so a paper
    support and an e-ID support by the same person are one support.
    """
    with transaction():
        person = accounts.get_or_create_resident(number, given_name, family_name)
    return support(proposal, person, channel=PAPER, registered_by=staff)


def support_of(proposal, user):
    """``user``'s support of ``proposal``, or None."""
    if user is None or not getattr(user, "is_resident", False):
        return None
    return db.session.scalar(
        select(ProposalSupport).where(
            ProposalSupport.proposal_id == proposal.id, ProposalSupport.supporter_id == user.id
        )
    )


def supports_of(user):
    """Every proposal ``user`` supports, newest support first: (support, proposal)."""
    return db.session.execute(
        select(ProposalSupport, Proposal)
        .join(ProposalSupport.proposal)
        .where(ProposalSupport.supporter_id == user.id)
        .order_by(ProposalSupport.created_at.desc(), ProposalSupport.id.desc())
    ).all()


def count_rows(proposal_id):
    """How many support rows the proposal has (for reconciling and tests; lists never count)."""
    return db.session.scalar(
        select(func.count())
        .select_from(ProposalSupport)
        .where(ProposalSupport.proposal_id == proposal_id)
    )


def reconcile(*, batch_size=500):  # pragma: no mutate (a tuning figure; tests pass their own)
    """Set the count of every open proposal whose count differs from its rows; return how
    many were mended. Each runs the same UPDATE as a support, so it waits its turn."""
    rows = (
        select(func.count())
        .select_from(ProposalSupport)
        .where(ProposalSupport.proposal_id == Proposal.id)
        .scalar_subquery()
    )
    mended = 0
    with transaction():
        wrong = db.session.scalars(
            select(Proposal.id).where(Proposal.status == PUBLISHED, Proposal.support_count != rows)
        ).all()
        for proposal_id in wrong[:batch_size]:
            db.session.execute(
                update(Proposal)
                .where(Proposal.id == proposal_id)
                .values(support_count=rows)
                .execution_options(synchronize_session=False)  # pragma: no mutate
            )
            mended += 1
    return mended
