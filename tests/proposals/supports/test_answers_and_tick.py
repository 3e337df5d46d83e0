"""The committee's answer, late answers, and the scheduled run that closes proposals."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eservices.cases import workflow
from eservices.cases.models import Case
from eservices.database import utcnow
from eservices.notifications.models import OutboxMessage
from eservices.proposals import answers, closing, supports
from eservices.proposals.models import ANSWERED, CLOSED, FORWARDED, PUBLISHED, Proposal
from eservices.proposals.support_models import DECLINED, Forwarding
from tests.proposals.supports.helpers import set_threshold

DAY = date(2026, 12, 10)


@pytest.fixture
def forwarded(app, db, proposal, make_residents, threshold):
    """The proposal, forwarded by ``threshold`` supports (the first one asked for e-mail)."""
    people = make_residents(threshold)
    for index, person in enumerate(people):
        supports.support(proposal, person, notify=index == 0)
    db.session.expire_all()
    assert proposal.status == FORWARDED
    return proposal


@pytest.fixture
def secretary(make_staff, forwarded):
    """A committee secretary of the forwarded proposal's committee."""
    return make_staff(role="committee_secretary", committees=[forwarded.committee])


def mail_to(db, address):
    return [
        message.subject
        for message in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == address)
        )
    ]


def test_the_answer_is_published_decides_the_case_and_is_emailed(db, forwarded, secretary):
    answers.record(
        forwarded,
        decision=DECLINED,
        text="Nämnden har inte pengar till fler bänkar i år.",
        decided_on=date(2026, 12, 10),
        minutes_url="https://goteborg.se/protokoll/1",
        actor=secretary,
    )
    db.session.expire_all()
    sent = db.session.get(Forwarding, forwarded.id)
    assert forwarded.status == ANSWERED
    assert (sent.decision, sent.decided_on, sent.answered_by_id) == (
        DECLINED,
        date(2026, 12, 10),
        secretary.id,
    )
    case = db.session.get(Case, sent.case_id)
    assert (case.status, case.decision) == (workflow.DECIDED, workflow.REJECTED)
    assert len(mail_to(db, "anna@example.se")) == 2  # forwarded, then answered
    assert any("svarat" in subject for subject in mail_to(db, "anna@example.se"))
    assert len(mail_to(db, "person1@example.se")) == 2  # asked to be told
    assert mail_to(db, "person2@example.se") == []
    with pytest.raises(answers.AnswerError) as raised:
        answers.record(forwarded, decision=DECLINED, text="Igen", decided_on=DAY, actor=secretary)
    assert raised.value.code == "not_forwarded"


def test_answered_closes_the_case_without_a_decision(db, forwarded, secretary):
    answers.record(
        forwarded, decision="answered", text="Se protokollet.", decided_on=DAY,
        actor=secretary,
    )  # fmt: skip
    case = db.session.scalar(select(Case))
    assert (case.status, case.decision) == (workflow.CLOSED, None)


def test_only_the_committees_own_secretary_may_answer(db, forwarded, make_staff, make_committee):
    other = make_committee(slug="idrott", name_sv="Idrottsnämnden", name_en="Sports")
    for who in (
        make_staff(role="committee_secretary", committees=[other]),
        make_staff(role="handler", units=[forwarded.committee]),
    ):
        assert not answers.may_answer(forwarded, who)
        with pytest.raises(answers.AnswerError):
            answers.record(forwarded, decision=DECLINED, text="Nej", decided_on=DAY, actor=who)


def test_an_answer_past_the_deadline_is_overdue_until_given(db, forwarded, secretary):
    sent = db.session.get(Forwarding, forwarded.id)
    assert answers.overdue() == []
    later = sent.answer_due_at + timedelta(days=1)
    assert sent.is_overdue(later)
    assert [proposal.id for proposal, _sent in answers.overdue(later)] == [forwarded.id]
    answers.record(forwarded, decision=DECLINED, text="Nej", decided_on=DAY,
                   actor=secretary)  # fmt: skip
    assert answers.overdue(later) == []


def test_the_tick_closes_ended_proposals_below_the_threshold_once(
    app, db, make_proposal, make_residents, threshold
):
    ended = make_proposal(title="Slut", closes_at=utcnow() - timedelta(hours=1))
    running = make_proposal(title="Pågår")
    assert closing.tick().closed == 1
    assert closing.tick().closed == 0
    db.session.expire_all()
    assert (ended.status, running.status) == (CLOSED, PUBLISHED)
    assert ended.closed_at is not None


def test_the_tick_forwards_what_has_reached_a_lowered_threshold(app, db, proposal, make_residents):
    set_threshold(app, 10)
    for person in make_residents(3):
        supports.support(proposal, person)
    set_threshold(app, 3)
    assert closing.tick().forwarded == 1
    assert closing.tick().forwarded == 0
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).status == FORWARDED


def test_the_tick_command_prints_what_it_did(app, db, make_proposal, threshold):
    make_proposal(closes_at=utcnow() - timedelta(days=1))
    result = app.test_cli_runner().invoke(args=["proposals", "tick"])
    assert result.exit_code == 0, result.output
    assert "Closed below the threshold: 1" in result.output
