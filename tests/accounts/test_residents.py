"""Residents log in with e-ID; their personnummer is never stored in clear."""

import shutil
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from eservices import parsers
from eservices.accounts import services as accounts
from eservices.accounts.identity import IdentityError, identity_from_claims
from eservices.accounts.models import User
from eservices.audit.models import AuditEvent
from tests.conftest import post_form

PNR = "19900315-2387"


def _database_dump(db):
    """Everything the database holds, as text, the way an attacker with a dump sees it."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database) as conn:
            return "\n".join(conn.iterdump())
    if shutil.which("pg_dump"):
        return subprocess.run(
            ["pg_dump", "--data-only", "-h", url.host, "-U", url.username, url.database],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    pytest.fail("pg_dump is needed to check the PostgreSQL dump")


def test_database_dump_contains_no_personnummer_in_clear(
    app, client, db, login_resident, make_unit
):
    from eservices.submissions.cases import submit_case
    from tests.conftest import csrf_token

    login_resident(PNR)
    # A form that pre-fills the personnummer keeps it in the draft, then in the case.
    token = csrf_token(client.get("/e-tjanster/skolskjuts").text)
    client.post("/e-tjanster/skolskjuts/ansok", data={"csrf_token": token})
    make_unit(slug="skolskjuts", name_sv="Skolskjuts")
    with app.test_request_context():
        service = app.extensions["catalogue"].get("skolskjuts")
        submit_case(service, {"guardian_personnummer": "199003152387", "reason": "avstand"})
    dump = _database_dump(db)
    for form in ("199003152387", "9003152387", "19900315-2387", "900315-2387"):
        assert form not in dump
    user = db.session.scalar(select(User).where(User.kind == "resident"))
    assert user.pnr_masked == "19900315-****"
    assert accounts.reveal_personnummer(user) == "199003152387"


def test_the_number_is_readable_only_with_the_keys(app, db, login_resident):
    from cryptography.fernet import Fernet

    login_resident(PNR)
    user = db.session.scalar(select(User).where(User.kind == "resident"))
    assert user.pnr_encrypted.startswith("gAAAA")  # a Fernet token, not an encoding
    with app.app_context():
        app.config["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
        with pytest.raises(ValueError, match="cannot be decrypted"):
            accounts.reveal_personnummer(user)
        app.config["PNR_HMAC_KEY"] = "another-key-entirely-" * 2
        assert accounts.pnr_lookup_hash(parsers.parse_personnummer(PNR)) != user.pnr_hash


def test_first_login_creates_the_resident_and_later_logins_find_them(client, db, login_resident):
    login_resident(PNR, "Anna", "Andersson")
    client.post("/logga-ut")  # no CSRF token: refused, the session goes on
    client.delete_cookie("session")
    login_resident("199003152387", "Anna", "Berg")  # another form of the same number
    residents = db.session.scalars(select(User).where(User.kind == "resident")).all()
    assert len(residents) == 1
    assert residents[0].family_name == "Berg"  # the e-ID is the authority on names


def test_login_shows_my_pages_with_the_masked_number(client, login_resident, page):
    login_resident(PNR)
    text = page("/mina-sidor/").text
    assert "19900315-****" in text
    assert "19900315-2387" not in text


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Ange personnummer"),
        ("19900315-2388", "kontrollera de fyra sista siffrorna"),
        ("19900230-2380", "inte ett giltigt födelsedatum"),
        ("abc", "ÅÅÅÅMMDD-NNNN"),
        ("１９９００３１５２３８７", "ÅÅÅÅMMDD-NNNN"),
    ],
)
def test_test_eid_explains_a_bad_personnummer_and_keeps_the_input(client, typed, message):
    response = post_form(
        client,
        "/logga-in/test",
        {"personnummer": typed, "given_name": "Anna", "family_name": "Andersson"},
    )
    assert response.status_code == 200
    assert message.lower() in response.text.lower()
    assert "<title>Fel: " in response.text
    assert 'value="Anna"' in response.text
    if typed:
        assert f'value="{typed}"' in response.text


def test_concurrent_first_logins_create_one_resident(app, db):
    number = parsers.parse_personnummer(PNR)

    def first_login(_):
        with app.app_context():
            try:
                user = accounts.get_or_create_resident(number, "Anna", "Andersson")
                db.session.commit()
                return user.id
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(first_login, range(16)))
    assert len(ids) == 1
    count = db.session.scalar(
        select(func.count()).select_from(User).where(User.kind == "resident")
    )
    assert count == 1


def test_login_is_audited(client, db, login_resident):
    login_resident(PNR)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["resident.created", "login.success"]
    labels = db.session.scalars(select(AuditEvent.actor_label)).all()
    assert all("2387" not in label for label in labels)


def test_oidc_claims_give_an_identity():
    claim = "https://id.oidc.se/claim/personalIdentityNumber"
    person = identity_from_claims(
        {claim: "199003152387", "given_name": "Anna", "family_name": "Andersson"}, claim
    )
    assert person.personnummer.normalized == "199003152387"
    assert person.given_name == "Anna"


@pytest.mark.parametrize("claims", [{}, {"pnr": "199003152388"}, {"pnr": "nonsense"}])
def test_oidc_claims_without_a_valid_number_are_refused(claims):
    with pytest.raises(IdentityError):
        identity_from_claims(claims, "pnr")


def test_test_eid_is_gone_when_disabled(app, client):
    app.config["TEST_EID_ENABLED"] = False
    assert client.get("/logga-in/test").status_code == 404
    assert "test-e-legitimation" not in client.get("/logga-in").text.lower()


def test_profile_is_saved_normalised_and_new_email_must_be_confirmed(
    client, db, login_resident, page
):
    login_resident(PNR)
    response = post_form(
        client,
        "/mina-sidor/profil",
        {
            "email": "Anna@Example.se",
            "phone": "070-123 45 67",
            "street_address": "Storgatan 1",
            "postal_code": "41138",
            "city": "Göteborg",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.kind == "resident"))
    assert (user.email, user.postal_code) == ("anna@example.se", "411 38")
    assert user.email_confirmed_at is None
    from eservices.notifications.models import OutboxMessage
    from eservices.notifications.services import text_of

    message = db.session.scalar(select(OutboxMessage))
    assert message.to_address == "anna@example.se"
    link = next(line for line in text_of(message).splitlines() if "/bekrafta-e-post/" in line)
    path = link[link.index("/bekrafta-e-post/") :]
    assert page(path).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_at is None  # GET changes nothing
    post_form(client, path, {})
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_at is not None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("email", "inte-en-adress", "”E-postadress”: ange en e-postadress"),
        ("postal_code", "1234", "”Postnummer”: ange fem siffror"),
        ("phone", "ring mig", "”Telefonnummer”: ange ett telefonnummer"),
        ("city", "x" * 101, "högst 100 tecken"),
    ],
)
def test_profile_errors_are_shown_next_to_the_field_and_input_is_kept(
    client, login_resident, field, value, message
):
    login_resident(PNR)
    data = {
        "email": "",
        "phone": "",
        "street_address": "Storgatan 1",
        "postal_code": "",
        "city": "",
    }
    data[field] = value
    response = post_form(client, "/mina-sidor/profil", data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert 'value="Storgatan 1"' in response.text


def test_residents_cannot_open_staff_pages(client, login_resident):
    login_resident(PNR)
    assert client.get("/personal").status_code == 403
    assert client.get("/admin/").status_code == 403
