import unicodedata

import pytest

from eservices.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    common_passwords,
    password_problems,
)

RING = "\u030a"  # combining ring above: "a" + RING is a decomposed "å"
DIAERESIS = "\u0308"


def test_minimum_length_is_twelve():
    assert MIN_LENGTH == 12


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("Gr0n-Bi1a-Kv", []),  # exactly twelve
        ("Gr0n-Bi1a-K", ["too_short"]),
        ("xq7#Lp", ["too_short"]),
        ("", ["too_short"]),
        ("Tre små grodor vid ån", []),
    ],
)
def test_length(password, problems):
    assert password_problems(password) == problems


def test_decomposed_letters_count_once():
    decomposed = f"Gra{RING}-Bil-Kva{DIAERESIS}7"
    assert len(decomposed) == 14
    assert password_problems(decomposed) == []
    assert password_problems(f"Gra{RING}-Bil-Kv7") == ["too_short"]


def test_very_long_passwords_are_rejected():
    assert password_problems("ä" * MAX_LENGTH) == []
    assert password_problems("ä" * (MAX_LENGTH + 1)) == ["too_long"]
    # Measured after NFC, so a decomposed "ä" still counts as one character.
    assert password_problems(f"a{DIAERESIS}" * MAX_LENGTH) == []


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "PASSWORD1234!",
        "Lösenord1234",
        f"Lo{DIAERESIS}senord1234",  # decomposed "ö"
        "Sommar2024!!",
        "välkommen2025",
        "glömtlösenordet",
        "cheeseburger",
        "123456789012",
    ],
)
def test_common_passwords_are_rejected(password):
    assert password_problems(password) == ["common"]


def test_short_common_password_reports_both_problems():
    assert password_problems("hejhej123") == ["too_short", "common"]


def test_common_word_inside_a_longer_password_is_allowed():
    # Only trailing digits and punctuation are stripped; a passphrase is not "common".
    assert password_problems("password-regnbåge-kanelbulle") == []


def test_common_list_is_loaded_lower_cased_and_without_comments():
    passwords = common_passwords()
    assert len(passwords) > 40_000
    assert {"password", "qwerty", "lösenord", "sommar2024", "hejhej123"} <= passwords
    assert all(p == p.lower() for p in passwords)
    assert all(p == unicodedata.normalize("NFC", p) for p in passwords)
    assert not any(p.startswith("#") for p in passwords)


@pytest.mark.parametrize(
    ("password", "email", "problems"),
    [
        ("Anna.Svensson-Blå9", "anna.svensson@kommun.se", ["contains_email"]),
        ("ANNA.SVENSSON-blå9", "Anna.Svensson@Kommun.se", ["contains_email"]),
        ("Hej-bosse-från-Vi", "bosse@kommun.se", ["contains_email"]),
        ("Hej-bos-från-Vimmerby", "bos@kommun.se", []),  # too short to matter
        ("Hej-bosse-från-Vi", None, []),
        ("Hej-bosse-från-Vi", "", []),
        ("Kommun.se-är-bäst-9", "bo@kommun.se", []),  # the domain is not checked
    ],
)
def test_email_local_part(password, email, problems):
    assert password_problems(password, email=email) == problems


def test_problems_are_all_reported_together():
    assert password_problems("anna", email="anna@kommun.se") == [
        "too_short",
        "common",
        "contains_email",
    ]
