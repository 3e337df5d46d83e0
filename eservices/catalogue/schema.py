"""The vocabulary of forms/README.md: field types, their keys, limits and defaults."""

from __future__ import annotations

import datetime
import re
from typing import Any

FIELD_ID = re.compile(r"[a-z][a-z0-9_]*")
STEP_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

ACCESS = ("anonymous", "e-id")
FIELD_TYPES = (
    "text", "textarea", "email", "phone", "personnummer", "organisationsnummer",
    "postal_code", "date", "number", "amount", "radio", "select", "checkboxes", "yes_no",
    "file", "address", "location", "consent", "info",
)  # fmt: skip
COMMON_FIELD_KEYS = (
    "id", "type", "label", "hint", "required", "prefill", "visible_if", "summary",
)  # fmt: skip
# What the handlers' queue may not show as a case's summary: no answer to show (info), a
# file, a plain yes to a consent, or a personnummer that the case page shows only on request.
NOT_A_SUMMARY = ("info", "file", "consent", "personnummer")
EXTRA_KEYS = {
    "text": ("min_length", "max_length", "pattern", "pattern_message"),
    "textarea": ("min_length", "max_length"),
    "date": ("min", "max"),
    "number": ("min", "max", "decimals"),
    "amount": ("min", "max"),
    "radio": ("options",),
    "select": ("options",),
    "checkboxes": ("options", "min_choices", "max_choices"),
    "file": ("accept", "max_size_mb", "max_files"),
    "info": ("text",),
}
OPTION_TYPES = ("radio", "select", "checkboxes")
YES_NO_VALUES = ("yes", "no")
DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 4000}
MAX_LENGTH_LIMIT = 100_000
DEFAULT_MAX_SIZE_MB = 10
DEFAULT_MAX_FILES = 1
MAX_SIZE_MB = (1, 50)
MAX_FILES = (1, 20)
# Each prefill source fits exactly one field type.
PREFILL_TYPES = {
    "name": "text",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "personnummer": "personnummer",
}
ACCEPTED_MIME_TYPES = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "application/pdf",
    "text/plain",
    "audio/mpeg",
    "audio/mp4",
    "video/mp4",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
)


def parse_date_bound(value: Any) -> datetime.date | str | None:
    """Return 'today', the ISO date as a date, or None when the value is neither."""
    if value == "today":
        return "today"
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None
