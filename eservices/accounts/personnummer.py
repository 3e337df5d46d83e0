"""Swedish personal identity numbers (personnummer) and coordination numbers.

Parsing is strict: only ASCII digits, an optional "-" or "+" separator, and a Luhn
check digit. Errors carry a short ``reason`` code so that callers can show a translated
message without parsing exception text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from eservices.database import SWEDEN

# [0-9], not \d: \d (like str.isdigit and int) also accepts fullwidth and Arabic-Indic
# digits, which would let look-alike input slip through and be stored unnormalised.
_PATTERN = re.compile(r"(?P<date>[0-9]{6}|[0-9]{8})(?P<sep>[-+]?)(?P<serial>[0-9]{4})")

# Skatteverket forms a coordination number by adding 60 to the day of birth.
_COORDINATION_OFFSET = 60

REASONS = ("format", "date", "checksum")


class InvalidPersonnummer(ValueError):
    """Raised when text is not a valid personnummer; ``reason`` is one of REASONS."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"invalid personnummer: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Personnummer:
    """A validated personnummer or samordningsnummer."""

    normalized: str
    birth_date: datetime.date
    is_coordination_number: bool

    @property
    def formatted(self) -> str:
        """Return the 12-digit form with a hyphen, e.g. "19811228-9874"."""
        return f"{self.normalized[:8]}-{self.normalized[8:]}"

    @property
    def masked(self) -> str:
        """Return the number with the last four digits hidden, e.g. "19811228-****"."""
        return f"{self.normalized[:8]}-****"

    def age_on(self, on: datetime.date) -> int:
        """Return the age in whole years on the given date."""
        # Tuple comparison means someone born on 29 February turns a year older on
        # 1 March in common years; that errs on the safe side for age limits.
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - before_birthday

    def __str__(self) -> str:
        return self.formatted


def luhn_checksum_ok(digits: str) -> bool:
    """Return True if the ASCII digit string ends in a correct Luhn check digit."""
    if not digits or not _is_ascii_digits(digits):
        return False
    return _luhn_sum(digits) % 10 == 0


def with_check_digit(first9: str) -> str:
    """Return the nine digits YYMMDDNNN followed by their Luhn check digit."""
    if len(first9) != 9 or not _is_ascii_digits(first9):
        raise ValueError("expected nine ASCII digits")
    check = (10 - _luhn_sum(first9 + "0") % 10) % 10
    return f"{first9}{check}"


def parse(text: str, today: datetime.date | None = None) -> Personnummer:
    """Parse a personnummer or samordningsnummer; ``today`` defaults to the date in Sweden."""
    # "Not in the future" and the century of short forms depend on the date in Sweden, not
    # on the server's clock, which is usually UTC.
    today = today or datetime.datetime.now(SWEDEN).date()
    match = _PATTERN.fullmatch(text.strip())
    if match is None:
        raise InvalidPersonnummer("format")
    date_digits, separator, serial = match.group("date", "sep", "serial")

    month = int(date_digits[-4:-2])
    day = int(date_digits[-2:])
    is_coordination = day > _COORDINATION_OFFSET
    real_day = day - _COORDINATION_OFFSET if is_coordination else day

    if len(date_digits) == 8:
        year = int(date_digits[:4])
    else:
        year = _infer_year(int(date_digits[:2]), month, real_day, today)
        if separator == "+":
            year -= 100

    try:
        birth_date = datetime.date(year, month, real_day)
    except ValueError:
        raise InvalidPersonnummer("date") from None
    if birth_date > today:
        raise InvalidPersonnummer("date")

    if not luhn_checksum_ok(date_digits[-6:] + serial):
        raise InvalidPersonnummer("checksum")

    return Personnummer(
        normalized=f"{year:04d}{date_digits[-4:]}{serial}",
        birth_date=birth_date,
        is_coordination_number=is_coordination,
    )


def is_valid(text: str, today: datetime.date | None = None) -> bool:
    """Return True if ``parse`` accepts the text."""
    try:
        parse(text, today)
    except InvalidPersonnummer:
        return False
    return True


def _infer_year(two_digit_year: int, month: int, day: int, today: datetime.date) -> int:
    """Return the latest year ending in the two digits whose date is not after today."""
    year = today.year - (today.year - two_digit_year) % 100
    # Compare as tuples: the date may not exist (month 13), and that is reported later
    # as "date" rather than crashing here.
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _luhn_sum(digits: str) -> int:
    total = 0
    # Double every second digit counting from the right, where the check digit sits.
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total
