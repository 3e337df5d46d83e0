"""Keys can be rotated and the old ones retired: `flask keys reencrypt` moves every encrypted
value and file to the current field key, and residents keep their accounts when the
personnummer hash key changes."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import func, select, text

from eservices import keys
from eservices.accounts import services as accounts
from eservices.accounts.models import User
from eservices.attachments import storage
from eservices.cases.models import Case
from eservices.crypto import lookup_hash
from eservices.notifications import services as mail
from eservices.notifications.models import OutboxMessage
from eservices.parsers import parse_personnummer

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
OLD_PNR_KEY = "the-personnummer-key-of-last-year-0123456789"
NEW_PNR_KEY = "the-personnummer-key-of-this-year-9876543210"
PNR = "19900315-2387"


@pytest.fixture
def app_config():
    return {"FIELD_ENCRYPTION_KEYS": KEY_A, "PNR_HMAC_KEY": OLD_PNR_KEY}


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["keys", *args])


def _stored_tokens(db):
    """Every encrypted value as the database holds it."""
    tokens = []
    with db.engine.connect() as conn:
        for table, column in keys.encrypted_columns():
            query = text(f"SELECT {column.name} FROM {table.name}")  # noqa: S608 - model names
            tokens += [value for value in conn.execute(query).scalars() if value is not None]
    return tokens


def test_a_retired_field_key_leaves_everything_readable(app, db, make_case, make_resident):
    anna = make_resident(PNR)
    case = make_case(description="Klotter på förskolan", applicant=anna)
    with app.test_request_context():
        file_key = storage.save(b"%PDF-1.4 an attachment")
        mail.queue_email(
            to="anna@example.se",
            template="confirm_email",
            name="Anna",
            link_endpoint=("accounts.confirm_email", {"token": "hemlig-bekraftelse"}),
        )
    db.session.commit()
    assert len(_stored_tokens(db)) >= 4  # answers, personnummer, outbox link and more

    app.config["FIELD_ENCRYPTION_KEYS"] = f"{KEY_B},{KEY_A}"
    result = _run(app, "reencrypt")
    assert result.exit_code == 0, result.output
    assert "cases.answers: 1 changed" in result.output
    assert "attachment files: 1 changed" in result.output
    assert "FIELD_ENCRYPTION_KEYS can now be removed" in result.output

    app.config["FIELD_ENCRYPTION_KEYS"] = KEY_B
    db.session.expire_all()
    for token in _stored_tokens(db):
        Fernet(KEY_B).decrypt(token.encode())
        with pytest.raises(InvalidToken):
            Fernet(KEY_A).decrypt(token.encode())
    assert db.session.get(Case, case.id).answers["description"] == "Klotter på förskolan"
    assert accounts.reveal_personnummer(db.session.get(User, anna.id)) == "199003152387"
    assert storage.load(file_key) == b"%PDF-1.4 an attachment"
    message = db.session.scalar(select(OutboxMessage))
    assert "/bekrafta-e-post/hemlig-bekraftelse" in mail.text_of(message)

    again = _run(app, "reencrypt")
    assert again.exit_code == 0 and "cases.answers: 0 changed" in again.output


def test_values_no_key_reads_are_reported_and_left_alone(app, db, make_resident):
    make_resident(PNR)
    app.config["FIELD_ENCRYPTION_KEYS"] = KEY_B  # A forgotten: the number cannot be read
    result = _run(app, "reencrypt")
    assert result.exit_code == 1
    assert "users.pnr_encrypted: 1 could not be read with the configured keys" in result.output
    assert "keep every key but the first" in result.output


def _residents(db):
    return db.session.scalar(select(func.count()).select_from(User).where(User.kind == "resident"))


def test_a_resident_keeps_the_account_when_the_hash_key_changes(
    app, db, make_resident, login_resident
):
    anna = make_resident(PNR)
    app.config.update(PNR_HMAC_KEY=NEW_PNR_KEY, PNR_HMAC_PREVIOUS_KEYS=OLD_PNR_KEY)
    login_resident(PNR)

    assert _residents(db) == 1
    db.session.expire_all()
    assert db.session.get(User, anna.id).pnr_hash == lookup_hash(
        "199003152387", purpose=accounts.PNR_PURPOSE
    )
    app.config["PNR_HMAC_PREVIOUS_KEYS"] = ""  # rehashed at log-in: the old key can go
    with app.test_request_context():
        assert accounts.find_resident(parse_personnummer(PNR)).id == anna.id


def test_the_rehash_command_moves_every_resident_to_the_new_key(
    app, db, make_resident, login_resident
):
    anna = make_resident(PNR)
    make_resident("19121212-1212", given_name="Tolvan")
    app.config.update(PNR_HMAC_KEY=NEW_PNR_KEY, PNR_HMAC_PREVIOUS_KEYS=OLD_PNR_KEY)
    result = _run(app, "rehash")
    assert result.exit_code == 0, result.output
    assert "users.pnr_hash: 2 changed" in result.output

    app.config["PNR_HMAC_PREVIOUS_KEYS"] = ""
    login_resident(PNR)
    assert _residents(db) == 2
    assert db.session.get(User, anna.id).last_login_at is not None
