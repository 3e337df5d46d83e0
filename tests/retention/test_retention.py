"""`flask retention run`: closed cases past their retention lose their personal data."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eservices.attachments import storage
from eservices.attachments.models import Attachment
from eservices.audit.models import AuditEvent
from eservices.cases import retention as cases
from eservices.cases.models import REPLY, Case, CaseEvent, CaseMessage
from eservices.database import utcnow
from eservices.integrations.models import WebhookDelivery
from eservices.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from eservices.retention import services as retention
from tests.retention.conftest import LONG_AGO, PERSONAL, RECENTLY


def _stored_files(app):
    return [path for path in Path(app.config["ATTACHMENTS_DIR"]).rglob("*") if path.is_file()]


def _audit(db, action):
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    ).all()


def _fresh(db, case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


def _reply_with_file(db, case, resident):
    """The resident's answer to a completion request, with a file, as the reply service
    stores it."""
    message = CaseMessage(case_id=case.id, kind=REPLY, author_id=resident.id, body="Se bilaga")
    db.session.add(message)
    db.session.flush()
    db.session.add(
        Attachment(
            public_id="reply-file",
            case_id=case.id,
            message_id=message.id,
            field_id="files",
            filename="Intyg Anna Andersson.pdf",
            content_type="application/pdf",
            size=3,
            sha256="0" * 64,
            storage_key=storage.save(b"pdf"),
            scan_status="not_scanned",
            uploaded_by_id=resident.id,
        )
    )
    db.session.commit()


def test_a_case_closed_long_ago_loses_its_personal_data_and_keeps_its_record(
    app, db, sent_with_photo, close, handler
):
    _client, case, _link = sent_with_photo
    close(case, LONG_AGO)
    db.session.add(
        WebhookDelivery(
            case_id=case.id,
            unit_id=case.unit_id,
            event="case.message_sent",
            sequence=99,
            payload={"message": {"body": "Anna Andersson, din gunga lagas"}},
        )
    )
    db.session.commit()
    kinds_and_times = [(e.kind, e.created_at) for e in _events(db, case)]
    assert len(_stored_files(app)) == 1

    report = retention.run()["cases"]

    assert [due.number for due in report.cases] == [case.number]
    assert report.files == 1
    case = _fresh(db, case)
    assert case.answers == {}
    assert case.decision_text is None
    assert case.follow_token_hash is None
    assert case.anonymised_at is not None
    # What archive law keeps: the record, its service, unit, channel, dates and outcome.
    assert (case.service_id, case.unit.slug, case.channel) == (
        "felanmalan",
        "felanmalan",
        "digital",
    )
    assert (case.status, case.decision) == ("closed", "approved")
    assert case.submitted_at and case.closed_at and case.decided_at
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _stored_files(app) == []
    events = _events(db, case)
    assert [(e.kind, e.created_at) for e in events] == kinds_and_times
    transfers = [e.details for e in events if e.kind == "transferred"]
    assert transfers[0] == {"from_unit": "Enhet felanmalan", "to_unit": "Enhet park-och-natur"}
    assert all(e.actor_id == handler.id for e in events if e.kind == "status_changed")
    assert "Anna" not in repr([e.details for e in events])
    delivery = db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.sequence == 99))
    assert delivery.payload is None
    (audited,) = _audit(db, "case.anonymised")
    assert (audited.object_type, audited.object_id) == ("cases", str(case.id))
    assert audited.details == {"number": case.number, "service": "felanmalan", "files": 1}


def _events(db, case):
    return db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    ).all()


def test_the_applicant_is_unlinked_and_messages_lose_their_words(
    app, db, make_case, close, make_resident, handler
):
    resident = make_resident()
    case = make_case(applicant=resident, **PERSONAL)
    _reply_with_file(db, case, resident)
    db.session.add(
        CaseMessage(case_id=case.id, kind="note", author_id=handler.id, body="Anna är arg")
    )
    db.session.commit()
    close(case, LONG_AGO)

    retention.run()

    case = _fresh(db, case)
    assert case.applicant_id is None
    received = _events(db, case)[0]
    assert (received.kind, received.actor_id, received.details) == (
        "received",
        None,
        {"channel": "digital"},
    )
    messages = db.session.scalars(select(CaseMessage).order_by(CaseMessage.id)).all()
    assert [(m.kind, m.body) for m in messages] == [("reply", ""), ("note", "")]
    assert [m.author_id for m in messages] == [None, handler.id]
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _stored_files(app) == []
    # The resident's account itself is not the case's to remove.
    assert db.session.get(type(resident), resident.id).given_name == "Anna"


@pytest.mark.parametrize(
    "status, ago",
    [
        ("closed", RECENTLY),  # within its retention period
        ("decided", timedelta(days=3000)),  # decided long ago but never closed
        ("received", None),  # still open
    ],
)
def test_a_case_not_past_its_retention_is_untouched(app, db, make_case, close, status, ago):
    case = make_case(**PERSONAL)
    if ago is not None:
        close(case, ago, status=status)
    before = _fresh(db, case)
    answers, status_before = dict(before.answers), before.status

    report = retention.run(now=utcnow() + (timedelta(days=1000) if ago is None else timedelta()))

    assert report["cases"].cases == []
    case = _fresh(db, case)
    assert (case.answers, case.status, case.anonymised_at) == (answers, status_before, None)
    assert case.answers["name"] == "Anna Andersson"
    assert _audit(db, "case.anonymised") == []


def test_retention_is_counted_from_closing_by_the_services_own_period(db, make_case, close):
    case = close(make_case(**PERSONAL), timedelta(days=700))
    closed_at = _fresh(db, case).closed_at
    assert cases.due_cases(closed_at + timedelta(days=729)).cases == []
    due = cases.due_cases(closed_at + timedelta(days=730)).cases
    assert [item.number for item in due] == [case.number]


def test_a_case_of_a_service_no_longer_in_the_catalogue_is_kept_and_reported(
    app, db, make_case, close
):
    case = close(make_case(**PERSONAL), LONG_AGO)
    case = _fresh(db, case)
    case.service_id = "nedlagd-tjanst"
    db.session.commit()

    report = retention.run()["cases"]

    assert report.cases == []
    assert report.unknown_services == {"nedlagd-tjanst": 1}
    assert _fresh(db, case).answers["name"] == "Anna Andersson"
    assert _audit(db, "retention.run")[0].details["skipped_unknown_services"] == {
        "nedlagd-tjanst": 1
    }
    output = app.test_cli_runner().invoke(args=["retention", "run", "--dry-run"]).output
    assert "Kept 1 closed case of nedlagd-tjanst" in output


def test_a_dry_run_lists_the_cases_and_changes_nothing(app, db, sent_with_photo, close):
    _client, case, _link = sent_with_photo
    close(case, LONG_AGO)

    report = retention.run(dry_run=True)["cases"]

    assert [item.number for item in report.cases] == [case.number]
    assert (report.dry_run, report.files) == (True, 1)
    case = _fresh(db, case)
    assert case.answers["name"] == "Anna Andersson"
    assert case.anonymised_at is None
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1
    assert len(_stored_files(app)) == 1
    assert _audit(db, "case.anonymised") == _audit(db, "retention.run") == []


def test_a_second_run_does_nothing_but_record_that_it_ran(db, make_case, close):
    first, second = close(make_case(**PERSONAL), LONG_AGO), close(make_case(**PERSONAL), LONG_AGO)

    report = retention.run(batch_size=1)["cases"]  # one case per batch: the batches add up
    again = retention.run()["cases"]

    assert sorted(item.number for item in report.cases) == sorted([first.number, second.number])
    assert again.cases == []
    anonymised = _audit(db, "case.anonymised")
    assert sorted(e.details["number"] for e in anonymised) == sorted([first.number, second.number])
    assert {e.details["service"] for e in anonymised} == {"felanmalan"}
    assert {e.actor_label for e in anonymised} == {"system"}
    runs = [e.details for e in _audit(db, "retention.run")]
    assert [(r["cases"], r["services"], r["dry_run"]) for r in runs] == [
        (2, {"felanmalan": 2}, False),
        (0, {}, False),
    ]
    assert cases.anonymise(_fresh(db, first)) is None


def test_sent_e_mail_is_deleted_after_90_days_and_unsent_e_mail_is_kept(db):
    now = utcnow()

    def mail(status, age):
        return OutboxMessage(
            to_address="anna@example.se",
            subject="Kvitto",
            body_text="Hej Anna",
            status=status,
            created_at=now - age - timedelta(hours=3),
            sent_at=now - age if status == SENT else None,
            failed_at=now - age if status == FAILED else None,
        )

    old_sent, new_sent, old_pending, old_failed, new_failed = (
        mail(SENT, timedelta(days=91)),
        mail(SENT, timedelta(days=10)),
        mail(PENDING, timedelta(days=91)),
        mail(FAILED, timedelta(days=91)),
        mail(FAILED, timedelta(days=10)),
    )
    db.session.add_all([old_sent, new_sent, old_pending, old_failed, new_failed])
    db.session.commit()
    kept_ids = {new_sent.id, old_pending.id, new_failed.id}

    assert retention.run(dry_run=True)["sent_emails"].count == 2
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 5
    assert retention.run()["sent_emails"].count == 2

    assert set(db.session.scalars(select(OutboxMessage.id))) == kept_ids
    assert _audit(db, "retention.run")[0].details["sent_emails_deleted"] == 2


def test_the_command_lists_in_a_dry_run_then_anonymises(app, db, make_case, close):
    case = close(make_case(**PERSONAL), LONG_AGO)
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["retention", "run", "--dry-run"])

    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing is changed." in dry.output
    assert "1 closed case would be anonymised" in dry.output
    assert f"  {case.number}  felanmalan  closed " in dry.output
    assert _fresh(db, case).anonymised_at is None

    real = runner.invoke(args=["retention", "run"])

    assert real.exit_code == 0, real.output
    assert "1 closed case anonymised" in real.output
    assert case.number in real.output
    assert "By e-service: felanmalan 1" in real.output
    assert _fresh(db, case).anonymised_at is not None

    again = runner.invoke(args=["retention", "run"])

    assert again.exit_code == 0, again.output
    assert "No closed cases are past their retention period." in again.output
    assert "0 sent e-mails older than 90 days deleted." in again.output
