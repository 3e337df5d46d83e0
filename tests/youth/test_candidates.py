"""Standing as a candidate: eligibility from the census, a clean photo, and moderation."""

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from eservices import parsers
from eservices.attachments import storage
from eservices.database import utcnow
from eservices.moderation import services as moderation
from eservices.youth import candidates, census, voting
from eservices.youth.models import Candidate, School, Voter
from tests.conftest import csrf_token, staff_client
from tests.youth.conftest import census_file, pnr_born, pupil


@pytest.fixture
def in_candidacy(db, make_election):
    """An election whose voting starts in ten days, so candidacy is open now."""
    first_day = parsers.today_in_sweden() + timedelta(days=10)
    election = make_election(first_day=first_day)
    election.candidacy_opens_at = utcnow() - timedelta(days=5)
    election.candidacy_closes_at = utcnow() + timedelta(days=5)
    db.session.commit()
    return election


def voter(db, election, born=date(2012, 3, 1), year=7, name="Ella Ek"):
    """A census row at Hjällboskolan in Nordost."""
    school = db.session.scalar(
        select(School).where(School.election_id == election.id, School.code == "HJA")
    )
    row = Voter(
        election_id=election.id, census_key=f"k-{name}-{born}", name=name, birth_date=born,
        school_id=school.id, class_name="7A", school_year=year, area_id=school.area_id,
    )  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


def jpeg_with_gps():
    image = Image.new("RGB", (1600, 900), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Kamera AB"  # Make
    exif[0x8825] = {1: "N", 2: (57.0, 42.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def moderator(make_staff):
    return make_staff(role="moderator")


def test_an_eligible_pupil_registers_and_waits_for_moderation(db, in_candidacy):
    ella = voter(db, in_candidacy)
    candidate = candidates.register(in_candidacy, ella, "Fler fritidsgårdar.")
    assert (candidate.name, candidate.area_id, candidate.status) == (
        "Ella Ek",
        ella.area_id,
        "pending",
    )
    assert moderation.waiting_item("candidate", candidate.id) is not None
    assert voting.candidates_on_ballot(in_candidacy, ella.area_id) == []  # not before approval
    with pytest.raises(candidates.CandidateError) as twice:
        candidates.register(in_candidacy, ella, "Igen.")
    assert twice.value.code == "registered"


@pytest.mark.parametrize(
    "born, year, code",
    [
        (date(2014, 3, 1), 5, "too_young"),  # has not begun year 6
        (date(2008, 1, 1), 9, "too_old"),  # 18 or more on the first voting day
    ],
)
def test_the_census_decides_who_may_stand(db, in_candidacy, born, year, code):
    with pytest.raises(candidates.CandidateError) as refused:
        candidates.register(in_candidacy, voter(db, in_candidacy, born=born, year=year), "Text")
    assert refused.value.code == code
    assert db.session.scalar(select(Candidate)) is None


def test_registration_outside_the_window_is_refused(db, election):
    with pytest.raises(candidates.CandidateError) as refused:
        candidates.register(election, voter(db, election), "Text")  # voting is open already
    assert refused.value.code == "window"


def test_the_photo_is_stored_without_its_metadata_and_made_small(db, in_candidacy):
    candidate = candidates.register(in_candidacy, voter(db, in_candidacy), "Text", jpeg_with_gps())
    stored = storage.load(candidate.photo_id)
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) <= candidates.PHOTO_MAX_SIDE
        assert not image.getexif()
    assert b"Kamera AB" not in stored


@pytest.mark.parametrize("data", [b"MZ\x90\x00 not an image", b"", b"GIF89a" + b"\x00" * 20])
def test_a_file_that_is_not_a_photo_is_refused(db, in_candidacy, data):
    ella = voter(db, in_candidacy)
    with pytest.raises(candidates.CandidateError) as refused:
        candidates.register(in_candidacy, ella, "Text", data or b"\x00")
    assert refused.value.code == "photo"
    assert candidates.candidate_of(in_candidacy, ella) is None


def test_moderation_decides_what_the_voters_see(db, in_candidacy, moderator):
    ella = voter(db, in_candidacy)
    candidate = candidates.register(in_candidacy, ella, "Ring mig på 070-123 45 67.")
    item = moderation.waiting_item("candidate", candidate.id)
    assert item.flags  # the phone number is flagged for the moderator
    moderation.decide(item, "changes_requested", moderator, note="Ta bort telefonnumret.")
    assert db.session.get(Candidate, candidate.id).status == "changes_requested"
    candidates.resubmit(candidate, "Fler fritidsgårdar.")
    item = moderation.waiting_item("candidate", candidate.id)
    moderation.decide(item, "approved", moderator)
    assert voting.candidates_on_ballot(in_candidacy, ella.area_id) == [candidate]


def test_a_rejection_cites_the_election_rules(db, in_candidacy, moderator):
    candidate = candidates.register(in_candidacy, voter(db, in_candidacy), "Rösta på partiet!")
    item = moderation.waiting_item("candidate", candidate.id)
    moderation.decide(item, "rejected", moderator, rule_ids=["partipolitik"])
    assert db.session.get(Candidate, candidate.id).status == "rejected"
    (latest, *_older) = candidates.decisions(candidate)
    assert latest.rule_ids == ["partipolitik"]


def test_the_pupil_stands_with_e_id_and_sees_the_decision(
    app, client, db, in_candidacy, login_resident, moderator
):
    born = date(2012, 3, 1)
    census.import_csv(in_candidacy, census_file(pupil(born=born, name="Ella Ek", year=7)))
    ella = db.session.scalar(select(Voter))  # the only one in the census
    login_resident(pnr=pnr_born(born))
    page = client.get("/ungdomsval/kandidera")
    assert page.status_code == 200 and 'name="presentation"' in page.text
    empty = client.post("/ungdomsval/kandidera", data={"csrf_token": csrf_token(page.text)})
    assert empty.status_code == 200 and "<title>Fel: " in empty.text
    sent = client.post(
        "/ungdomsval/kandidera",
        data={
            "csrf_token": csrf_token(page.text),
            "presentation": "Fler fritidsgårdar.",
            "rules": "y",
        },
    )
    assert sent.status_code == 302
    db.session.rollback()  # see what the request committed
    candidate = candidates.candidate_of(in_candidacy, ella)
    moderation.decide(moderation.waiting_item("candidate", candidate.id), "approved", moderator)
    assert "Nordost" in client.get("/ungdomsval/kandidera").text
    assert 'name="presentation"' not in client.get("/ungdomsval/kandidera").text
    public = client.get("/ungdomsval/kandidater")
    assert "Ella Ek" in public.text and "Fler fritidsgårdar." in public.text


def test_someone_outside_the_census_is_told_they_cannot_stand(
    client, in_candidacy, login_resident
):
    login_resident(pnr="19900315-2387")
    page = client.get("/ungdomsval/kandidera")
    assert page.status_code == 200 and 'name="presentation"' not in page.text


def test_the_school_contact_registers_a_pupil(app, db, in_candidacy, make_staff):
    from eservices.youth import services

    ella = voter(db, in_candidacy)
    contact = make_staff(role="school_contact")
    services.set_contact(ella.school, contact)
    client = staff_client(app, contact)
    url = f"/ungdomsval/skola/{ella.school_id}/kandidat"
    page = client.get(url)
    assert "Ella Ek (7A)" in page.text
    done = client.post(
        url,
        data={
            "csrf_token": csrf_token(page.text),
            "voter": str(ella.id),
            "presentation": "Bättre skolmat.",
            "rules": "y",
        },
    )
    assert done.status_code == 302
    db.session.rollback()  # see what the request committed
    assert candidates.candidate_of(in_candidacy, ella).presentation == "Bättre skolmat."
