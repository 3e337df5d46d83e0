"""Supporting and withdrawing: one support per person, the count in step with the rows, and
forwarding at the threshold, once, with its case and e-mail."""

from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from eservices import parsers
from eservices.audit.models import AuditEvent
from eservices.cases.models import Case
from eservices.database import utcnow
from eservices.notifications.models import OutboxMessage
from eservices.proposals import supports
from eservices.proposals.models import CLOSED, FORWARDED, PUBLISHED, Proposal
from eservices.proposals.support_models import PAPER, Forwarding, ProposalSupport
from eservices.proposals.supports import SupportError
from tests.proposals.supports.helpers import personnummer


def fresh(proposal_id):
    from eservices.extensions import db

    db.session.expire_all()
    return db.session.get(Proposal, proposal_id)


def outbox_to(address):
    from eservices.extensions import db

    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address)
    ).all()


def test_a_support_counts_once_and_can_be_withdrawn(db, proposal, make_residents, threshold):
    (eva,) = make_residents(1)
    supports.support(proposal, eva)
    with pytest.raises(SupportError) as raised:
        supports.support(proposal, eva)
    assert raised.value.code == "already"
    assert fresh(proposal.id).support_count == 1 == supports.count_rows(proposal.id)
    supports.withdraw(proposal, eva)
    assert fresh(proposal.id).support_count == 0 == supports.count_rows(proposal.id)
    with pytest.raises(SupportError) as raised:
        supports.withdraw(proposal, eva)
    assert raised.value.code == "not_supporting"
    assert fresh(proposal.id).support_count == 0


def test_staff_cannot_support(db, proposal, make_staff):
    with pytest.raises(SupportError) as raised:
        supports.support(proposal, make_staff(role="moderator"))
    assert raised.value.code == "not_resident"


@pytest.mark.parametrize("status", [CLOSED, "submitted", "draft", "rejected"])
def test_only_an_open_proposal_takes_supports(db, make_proposal, make_residents, status):
    (eva,) = make_residents(1)
    shut = make_proposal(status=status)
    with pytest.raises(SupportError) as raised:
        supports.support(shut, eva)
    assert raised.value.code == "not_open"
    assert supports.count_rows(shut.id) == 0


def test_a_proposal_past_its_period_takes_no_support_even_before_the_tick(
    db, make_proposal, make_residents
):
    (eva,) = make_residents(1)
    late = make_proposal(closes_at=utcnow() - timedelta(minutes=1))
    with pytest.raises(SupportError):
        supports.support(late, eva)


def test_the_support_that_reaches_the_threshold_forwards_it_once(
    db, proposal, make_residents, threshold
):
    people = make_residents(threshold + 1)
    people[0].email = None  # a supporter without an address is not e-mailed
    db.session.commit()
    for person in people[: threshold - 1]:
        supports.support(proposal, person, notify=True)
    assert fresh(proposal.id).status == PUBLISHED
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0
    supports.support(proposal, people[threshold - 1])
    reached = fresh(proposal.id)
    assert (reached.status, reached.support_count) == (FORWARDED, threshold)
    forwarding = db.session.get(Forwarding, proposal.id)
    case = db.session.get(Case, forwarding.case_id)
    assert (case.kind, case.unit_id, case.due_at) == (
        "proposal",
        reached.committee_id,
        forwarding.answer_due_at,
    )
    # Six months in Swedish calendar terms.
    assert 181 <= (forwarding.answer_due_at - forwarding.forwarded_at).days <= 184
    # The proposer once; the supporters who asked and have an address, once each.
    assert len(outbox_to("anna@example.se")) == 1
    assert "Kulturnämnden" in outbox_to("anna@example.se")[0].subject
    assert len(outbox_to(people[1].email)) == 1
    assert outbox_to(people[threshold - 1].email) == []  # did not ask
    # Forwarded: closed for supports and for withdrawals.
    with pytest.raises(SupportError):
        supports.support(proposal, people[threshold])
    with pytest.raises(SupportError):
        supports.withdraw(proposal, people[0])
    assert fresh(proposal.id).support_count == threshold == supports.count_rows(proposal.id)


def test_a_paper_support_and_an_eid_support_by_one_person_count_once(
    db, proposal, make_staff, make_residents, threshold
):
    clerk = make_staff(role="citizen_office")
    number = parsers.parse_personnummer(personnummer(7))
    supports.register_paper_support(
        proposal, number, given_name="Per", family_name="Papper", staff=clerk
    )
    (same_person,) = make_residents(1, start=7)
    with pytest.raises(SupportError) as raised:
        supports.support(proposal, same_person)
    assert raised.value.code == "already"
    with pytest.raises(SupportError) as raised:
        supports.register_paper_support(
            proposal, number, given_name="Per", family_name="Papper", staff=clerk
        )
    assert raised.value.code == "already_paper"
    row = supports.support_of(proposal, same_person)
    assert (row.channel, row.registered_by_id) == (PAPER, clerk.id)
    assert row.supporter.full_name == "Per Papper"  # as written on the list
    assert fresh(proposal.id).support_count == 1
    # The log says which clerk registered whose support of which proposal; e-ID supports
    # are the resident's own and leave no such entry.
    (entry,) = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "proposal.paper_support_registered")
    ).all()
    assert (entry.object_type, entry.object_id, entry.actor_id, entry.details) == (
        "proposals",
        str(proposal.id),
        clerk.id,
        {"supporter": same_person.id},
    )


def test_an_e_id_support_is_not_logged_as_registered_on_paper(db, proposal, make_residents):
    (eva,) = make_residents(1)
    supports.support(proposal, eva)
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "proposal.paper_support_registered")
    ).all()


def test_a_support_and_its_withdrawal_concern_one_person_and_one_proposal(
    db, make_proposal, make_residents
):
    parks, benches = make_proposal(), make_proposal(title="Bänkar vid hållplatsen")
    eva, olle = make_residents(2)
    for proposal in (parks, benches):
        for person in (eva, olle):
            supports.support(proposal, person)
    assert supports.support_of(parks, eva).proposal_id == parks.id
    supports.withdraw(parks, eva)
    assert supports.support_of(parks, eva) is None
    # Olle still supports the parks, and Eva the benches.
    assert supports.support_of(parks, olle).supporter_id == olle.id
    assert supports.support_of(benches, eva).proposal_id == benches.id
    assert supports.count_rows(parks.id) == fresh(parks.id).support_count == 1
    assert supports.count_rows(benches.id) == fresh(benches.id).support_count == 2


def test_a_visitor_who_is_not_logged_in_supports_nothing(db, proposal, make_residents):
    (eva,) = make_residents(1)
    supports.support(proposal, eva)
    assert supports.support_of(proposal, AnonymousUserMixin()) is None
    assert supports.support_of(proposal, None) is None


def test_a_persons_supports_are_listed_newest_first(db, make_proposal, make_residents):
    (eva,) = make_residents(1)
    first, second, third = (make_proposal(title=f"Förslag {n}") for n in (1, 2, 3))
    for proposal in (first, second, third):
        supports.support(proposal, eva)
    # The third was registered last but given earliest (a paper list handed in late); the
    # first two were given in the same instant, and the one registered later comes first.
    given = utcnow() - timedelta(days=1)
    for proposal, when in ((first, given), (second, given), (third, given - timedelta(hours=1))):
        db.session.execute(
            ProposalSupport.__table__.update()
            .where(ProposalSupport.proposal_id == proposal.id)
            .values(created_at=when)
        )
    db.session.commit()
    listed = [proposal.id for _support, proposal in supports.supports_of(eva)]
    assert listed == [second.id, first.id, third.id]


def test_the_period_ends_at_its_closing_moment(db, proposal, make_residents, monkeypatch):
    (eva,) = make_residents(1)
    monkeypatch.setattr(supports, "utcnow", lambda: proposal.closes_at)
    with pytest.raises(SupportError) as raised:
        supports.support(proposal, eva)
    assert raised.value.code == "not_open"


def test_reconcile_mends_a_count_that_was_changed_by_hand(db, proposal, make_residents):
    for person in make_residents(3):
        supports.support(proposal, person)
    db.session.execute(
        Proposal.__table__.update().where(Proposal.id == proposal.id).values(support_count=40)
    )
    db.session.commit()
    assert supports.reconcile() == 1
    assert fresh(proposal.id).support_count == 3
    assert supports.reconcile() == 0


def test_reconcile_mends_open_proposals_in_batches_and_leaves_closed_ones(
    db, make_proposal, make_residents
):
    people = make_residents(2)
    first, second = make_proposal(), make_proposal(title="Bänkar vid hållplatsen")
    closed = make_proposal(title="Fler papperskorgar", status=CLOSED, support_count=7)
    for proposal in (first, second):
        for person in people:
            supports.support(proposal, person)
    db.session.execute(
        Proposal.__table__.update()
        .where(Proposal.id.in_([first.id, second.id]))
        .values(support_count=40)
    )
    db.session.commit()
    assert supports.reconcile(batch_size=1) == 1
    assert supports.reconcile() == 1
    assert fresh(first.id).support_count == fresh(second.id).support_count == 2
    # A closed proposal's count is what it closed with: the tick does not touch it.
    assert fresh(closed.id).support_count == 7
    db.session.execute(
        Proposal.__table__.update()
        .where(Proposal.id.in_([first.id, second.id]))
        .values(support_count=0)
    )
    db.session.commit()
    assert supports.reconcile() == 2
