"""Password policy for staff accounts.

``password_problems`` returns short codes rather than messages so that forms can show
translated text: "too_short", "too_long", "common" and "contains_email".
"""

from __future__ import annotations

import functools
import string
import unicodedata
from pathlib import Path

MIN_LENGTH = 12
# Argon2 and friends hash the whole input; an upper bound stops huge passwords from
# being used to make login requests expensive.
MAX_LENGTH = 1000
# Shorter local parts ("ab@x.se") would match too many unrelated passwords.
MIN_EMAIL_PART_LENGTH = 4

_COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
_TRAILING_NOISE = string.digits + string.punctuation


@functools.cache
def common_passwords() -> frozenset[str]:
    """Return the lower-cased common-password list, read from disk on first use."""
    with _COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        return frozenset(
            line.rstrip("\n") for line in lines if line.strip() and not line.startswith("#")
        )


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """Return the policy problem codes for a password; an empty list means acceptable."""
    # NFC so that "å" typed as "a" + combining ring counts, and matches, as one letter.
    password = unicodedata.normalize("NFC", password)
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if len(password) > MAX_LENGTH:
        problems.append("too_long")
    if _is_common(password):
        problems.append("common")
    if email and _contains_email_local_part(password, email):
        problems.append("contains_email")
    return problems


def _is_common(password: str) -> bool:
    lowered = password.lower()
    # "sommar2024" and "password1234!" are as guessable as the word they start with.
    candidates = {lowered, lowered.rstrip(_TRAILING_NOISE)}
    return not candidates.isdisjoint(common_passwords())


def _contains_email_local_part(password: str, email: str) -> bool:
    local_part = unicodedata.normalize("NFC", email).strip().lower()
    if "@" in local_part:
        local_part = local_part.rpartition("@")[0]
    return len(local_part) >= MIN_EMAIL_PART_LENGTH and local_part in password.lower()
