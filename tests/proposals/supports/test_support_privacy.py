"""Supports in the data download, on removing the account, and in the disposal run; and a
proposal registered at a citizen office."""

import json
from datetime import timedelta

from sqlalchemy import select

from eservices.audit.models import AuditEvent
from eservices.database import utcnow
from eservices.extensions import db as _db
from eservices.privacy import services as privacy
from eservices.proposals import supports
from eservices.proposals.models import CLOSED, SUBMITTED, Proposal
from eservices.proposals.support_models import ProposalSupport
from eservices.proposals.support_privacy import SUPPORTER_DAYS, SupporterDisposal
from tests.conftest import check_page, post_form, staff_client


def rows(proposal):
    _db.session.expire_all()
    return [row.supporter_id for row in _db.session.scalars(
        select(ProposalSupport).where(ProposalSupport.proposal_id == proposal.id)
    )]  # fmt: skip


def test_the_download_holds_the_persons_supports(app, db, proposal, make_residents):
    (eva,) = make_residents(1)
    supports.support(proposal, eva, notify=True)
    with app.test_request_context():
        document = json.loads(privacy.export(eva, "sv").text)
    [held] = document["proposal_supports"]
    assert (held["title"], held["channel"], held["notify"]) == (proposal.title, "digital", True)


def test_removing_the_account_withdraws_open_supports_and_unlinks_the_rest(
    app, db, make_proposal, make_residents
):
    open_one, closed_one = make_proposal(), make_proposal(title="Stängt")
    eva, olle = make_residents(2)
    for person in (eva, olle):
        supports.support(open_one, person)
        supports.support(closed_one, person)
    closed_one.status = CLOSED
    db.session.commit()
    with app.test_request_context():
        privacy.remove_account(eva)
    assert rows(open_one) == [olle.id]
    assert db.session.get(Proposal, open_one.id).support_count == 1
    assert sorted(rows(closed_one), key=str) == sorted([None, olle.id], key=str)
    assert db.session.get(Proposal, closed_one.id).support_count == 2


def test_the_disposal_run_unlinks_supporters_of_long_settled_proposals(
    app, db, make_proposal, make_residents
):
    settled, recent = make_proposal(title="Gammalt"), make_proposal(title="Nytt")
    (eva,) = make_residents(1)
    supports.support(settled, eva)
    supports.support(recent, eva)
    now = utcnow()
    settled.status, settled.closed_at = CLOSED, now - timedelta(days=SUPPORTER_DAYS + 1)
    recent.status, recent.closed_at = CLOSED, now - timedelta(days=SUPPORTER_DAYS - 1)
    db.session.commit()
    disposal = SupporterDisposal()
    assert disposal.run(now=now, dry_run=True, batch_size=10).count == 1
    assert disposal.run(now=now, dry_run=False, batch_size=10).count == 1
    assert (rows(settled), rows(recent)) == ([None], [eva.id])
    assert disposal.run(now=now, dry_run=False, batch_size=10).count == 0


def test_a_citizen_office_registers_a_proposal_for_a_resident(app, db, make_staff, make_committee):
    make_committee(slug="stadsmiljonamnden", name_sv="Stadsmiljönämnden", name_en="Urban")
    clerk = make_staff(role="citizen_office")
    client = staff_client(app, clerk)
    url = "/e-forslag/medborgarkontor/nytt-forslag"
    check_page(client.get(url))
    proposal = {
        "personnummer": "19800101-5554",
        "given_name": "Olle",
        "family_name": "Disk",
        "title": "Bänkar vid hållplatsen",
        "body": "Sätt upp bänkar vid hållplatsen Järntorget, där många äldre väntar.",
        "category": "parker-och-natur",
        "area": "centrum",
    }
    response = post_form(client, url, proposal)
    check_page(response, 400)
    assert "Bänkar vid hållplatsen" in response.text  # kept
    response = post_form(client, url, {**proposal, "accept_rules": "y"}, follow_redirects=True)
    check_page(response)
    sent = db.session.scalar(select(Proposal))
    assert (sent.status, sent.proposer_name) == (SUBMITTED, "Olle Disk")
    audit = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "proposal.registered_for_resident")
    )
    assert audit.actor_id == clerk.id
