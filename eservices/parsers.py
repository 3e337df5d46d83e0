"""Reading what people type in Swedish forms: pure functions, no Flask and no database.

Parsers accept what people really type (a decimal comma, spaces between thousands,
"12 500 kr", a zero-width space pasted along) but only ASCII digits: fullwidth or
Arabic-Indic digits would otherwise be stored as look-alikes. A ``parse_*`` function
raises ``InputError`` (or ``InvalidPersonnummer``) whose ``reason`` says what was wrong;
a ``normalise_*`` function returns the value in its one written form, or None.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from email_validator import EmailNotValidError, validate_email
from stdnum import luhn
from stdnum.se import orgnr

from eservices.database import SWEDEN

# Larger numbers lose precision in JavaScript and spreadsheets; no form asks for them.
LARGEST = 10**15
# Sweden's extent in WGS84, rounded outwards.
LATITUDES = (55.0, 70.0)
LONGITUDES = (10.0, 25.0)
# Unit names, service ids and option values: lower-case a-z, digits and single hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_KRONOR = re.compile(r"(?:sek|kr\.?|kronor|:-|:–)$")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


class InputError(ValueError):
    """Text that cannot be read as the value asked for; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Text ---------------------------------------------------------------------------------


def without_invisible(text: str) -> str:
    """The text without format characters (zero-width spaces, direction marks, BOM)."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def is_blank(value) -> bool:
    """True for no answer: None, an empty list, or text with nothing visible in it."""
    if value is None:
        return True
    if isinstance(value, str):
        return not without_invisible(value).strip()
    if isinstance(value, list | tuple):
        return all(is_blank(item) for item in value)
    return False


def has_control_characters(text: str) -> bool:
    """True when the text holds characters nobody types, which corrupt stored text."""
    return bool(_CONTROL.search(text))


def compact(text: str) -> str:
    """Structured values (numbers, codes) without the spaces and invisible marks pasted in."""
    return _SPACES.sub("", without_invisible(text))


# --- Codes --------------------------------------------------------------------------------


def normalise_postal_code(text: str) -> str | None:
    """Return "NNN NN" for a Swedish postal code, else None."""
    digits = compact(text or "")
    if re.fullmatch(r"[1-9][0-9]{4}", digits):
        return f"{digits[:3]} {digits[3:]}"
    return None


def is_phone_number(text: str) -> bool:
    """A Swedish or international number: 6 to 15 digits, spaces, +, - and parentheses."""
    digits = _PHONE_SEPARATORS.sub("", text)
    return re.fullmatch(r"\+?[0-9]{6,15}", digits) is not None


def check_email_address(text: str, *, reachable: bool = True) -> None:
    """Raise InputError unless ``text`` is an e-mail address: "format", or "ascii" for one
    with letters outside a–z, which mail servers without SMTPUTF8 refuse for ever.

    ``reachable=False`` accepts those too, for finding an account made before the rule.
    """
    if reachable and not text.isascii():
        raise InputError("ascii")
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise InputError("format") from None


def normalise_organisationsnummer(text: str) -> str | None:
    """Return "NNNNNN-NNNN" for a well-formed organisation number with a Luhn check digit."""
    digits = compact(text or "")
    if not re.fullmatch(r"[0-9]{6}-?[0-9]{4}", digits) or not orgnr.is_valid(digits):
        return None
    return orgnr.format(digits)


# --- Personnummer -------------------------------------------------------------------------

# [0-9], not \d: \d (like str.isdigit and int) also accepts fullwidth and Arabic-Indic
# digits, which would let look-alike input slip through and be stored unnormalised.
_PERSONNUMMER = re.compile(r"(?P<date>[0-9]{6}|[0-9]{8})(?P<sep>[-+]?)(?P<serial>[0-9]{4})")
# Skatteverket forms a coordination number by adding 60 to the day of birth.
_COORDINATION_OFFSET = 60


class InvalidPersonnummer(ValueError):
    """Text that is not a valid personnummer; ``reason`` is "format", "date" or "checksum".

    "checksum" means the last four digits cannot be right: a wrong check digit, or the
    individual number 000, which Skatteverket never issues.
    """

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


def parse_personnummer(text: str, today: datetime.date | None = None) -> Personnummer:
    """Read a personnummer or samordningsnummer, 10 or 12 digits, "-" or "+" optional.

    ``today`` (the date in Sweden by default) decides the century of the 10-digit form
    and what counts as the future. Surrounding whitespace is allowed, inner spaces not.
    """
    # "Not in the future" and the century of short forms depend on the date in Sweden, not
    # on the server's clock, which is usually UTC.
    today = today or today_in_sweden()
    match = _PERSONNUMMER.fullmatch(text.strip())
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
    if serial.startswith("000") or not luhn_checksum_ok(date_digits[-6:] + serial):
        raise InvalidPersonnummer("checksum")
    return Personnummer(
        normalized=f"{year:04d}{date_digits[-4:]}{serial}",
        birth_date=birth_date,
        is_coordination_number=is_coordination,
    )


def normalise_personnummer(text: str) -> str | None:
    """The 12 digits of a valid personnummer as typed into a form (spaces allowed), or None."""
    try:
        return parse_personnummer(typed_personnummer(text or "")).normalized
    except InvalidPersonnummer:
        return None


def typed_personnummer(text: str) -> str:
    """What was typed, without spaces and invisible marks (the "+" of a centenarian stays)."""
    return re.sub(r"\s", "", without_invisible(text))


def _infer_year(two_digit_year: int, month: int, day: int, today: datetime.date) -> int:
    """Return the latest year ending in the two digits whose date is not after today."""
    year = today.year - (today.year - two_digit_year) % 100
    # Compare as tuples: the date may not exist (month 13), and that is reported later
    # as "date" rather than crashing here.
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def luhn_checksum_ok(digits: str) -> bool:
    """Return True if the ASCII digit string ends in a correct Luhn check digit."""
    return bool(digits) and digits.isascii() and luhn.is_valid(digits)


def with_check_digit(first9: str) -> str:
    """Return the nine digits YYMMDDNNN followed by their Luhn check digit."""
    if len(first9) != 9 or not (first9.isascii() and first9.isdigit()):
        raise ValueError("expected nine ASCII digits")
    return first9 + luhn.calc_check_digit(first9)


# --- Numbers and amounts ------------------------------------------------------------------


def parse_number(text: str, decimals: int = 0) -> int | Decimal:
    """Read "1 200", "12,5" or "-3" as an int (decimals 0) or a Decimal.

    Raise InputError with reason "format", "whole", "decimals" or "large".
    """
    digits = compact(text).replace("\u2212", "-").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", digits):
        raise InputError("format")
    value = Decimal(digits)
    if abs(value) >= LARGEST:
        raise InputError("large")
    if decimals == 0:
        if value != value.to_integral_value():
            raise InputError("whole")
        return int(value)
    if -value.as_tuple().exponent > decimals:
        raise InputError("decimals")
    return abs(value) if value == 0 else value


def parse_amount(text: str) -> int:
    """Read whole kronor: "12 500", "12 500 kr", "12500:-" or "12 500,00" give 12500.

    Raise InputError with reason "format" or "large".
    """
    digits = _KRONOR.sub("", compact(text).lower())
    digits = re.sub(r"^(?:sek|kr)", "", digits)
    digits = re.sub(r"[,.](?:00|-|–)$", "", digits)
    try:
        return parse_number(digits, 0)
    except InputError as exc:
        raise InputError("large" if exc.reason == "large" else "format") from None


def parse_coordinate(text: str) -> float:
    """Read a decimal degree ("57.7089" or "57,7089"); raise InputError("format")."""
    digits = compact(text).replace("\u2212", "-").replace(",", ".")
    if not re.fullmatch(r"-?[0-9]{1,3}(?:\.[0-9]{1,10})?", digits):
        raise InputError("format")
    return float(digits)


# --- Dates --------------------------------------------------------------------------------


def today_in_sweden() -> datetime.date:
    """The date in Sweden, which "today" means to a resident and in a definition."""
    return datetime.datetime.now(SWEDEN).date()


def parse_iso_date(text: str) -> datetime.date:
    """Read YYYY-MM-DD; raise InputError with reason "format" or "date"."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", without_invisible(text).strip())
    if match is None:
        raise InputError("format")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise InputError("date") from None


DATE_PARTS = ("day", "month", "year")


def parse_date_parts(day: str, month: str, year: str) -> datetime.date:
    """Read a date typed as day, month and year in three boxes ("27", "3", "2026").

    Raise InputError whose reason is "missing:<part>" for the one part left empty,
    "missing" for more, "year" for a year not of four digits, or "date" for a date that
    does not exist or is not made of digits.
    """
    parts = dict(
        zip(DATE_PARTS, (compact(text or "") for text in (day, month, year)), strict=True)
    )
    missing = [name for name, text in parts.items() if not text]
    if len(missing) == 1:
        raise InputError(f"missing:{missing[0]}")
    if missing:
        raise InputError("missing")
    if not all(re.fullmatch(r"[0-9]{1,4}", text) for text in parts.values()):
        raise InputError("date")
    if len(parts["year"]) != 4:
        raise InputError("year")
    try:
        return datetime.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        raise InputError("date") from None


def parse_month(text: str) -> datetime.date | None:
    """``"2026-03"`` as the first day of that month; None when it is not such a month."""
    match = _MONTH.fullmatch(without_invisible(text or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def date_limit(value) -> datetime.date | None:
    """Resolve a definition's ``min``/``max`` of a date: "today", an ISO date or None."""
    if value is None:
        return None
    if value == "today":
        return today_in_sweden()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
