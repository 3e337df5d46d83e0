"""Case numbers are unique and gap-free per year, even when many residents submit at once."""

import threading

from sqlalchemy import select

from eservices.cases.models import Case
from eservices.cases.numbering import next_case_number
from eservices.database import transaction, utcnow


def test_numbers_count_up_per_year(db):
    with transaction():
        first = next_case_number(2026)
        second = next_case_number(2026)
        other_year = next_case_number(2027)
    assert (first, second, other_year) == ("2026-000001", "2026-000002", "2027-000001")


def test_a_rolled_back_submission_gives_its_number_back(db):
    try:
        with transaction():
            next_case_number(2026)
            raise RuntimeError("the submission failed")
    except RuntimeError:
        pass
    with transaction():
        assert next_case_number(2026) == "2026-000001"


def test_concurrent_submissions_get_distinct_consecutive_numbers(app, db, make_unit):
    unit_id = make_unit().id
    threads, errors = 12, []
    barrier = threading.Barrier(threads, timeout=60)

    def submit():
        with app.app_context():
            try:
                barrier.wait()
                with transaction() as session:
                    number = next_case_number(2026)
                    session.add(
                        Case(
                            number=number,
                            service_id="felanmalan",
                            service_version=1,
                            unit_id=unit_id,
                            due_at=utcnow(),
                        )
                    )
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    workers = [threading.Thread(target=submit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    numbers = sorted(db.session.scalars(select(Case.number)))
    assert numbers == [f"2026-{n:06d}" for n in range(1, threads + 1)]
    # The counter stands where the last of them left it: the next case follows on.
    with transaction():
        assert next_case_number(2026) == f"2026-{threads + 1:06d}"
