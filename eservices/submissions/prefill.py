"""Answers taken from the resident's profile: information is given only once."""

from __future__ import annotations

from eservices import parsers
from eservices.accounts.services import reveal_personnummer


def prefill(service, user) -> dict:
    """Answers from a resident's profile for the fields marked ``prefill``; else {}."""
    if user is None or not getattr(user, "is_resident", False):
        return {}
    sources = {
        "name": lambda: user.full_name,
        "email": lambda: user.email,
        "phone": lambda: user.phone,
        "address": lambda: _profile_address(user),
        "personnummer": lambda: _profile_personnummer(user),
    }
    answers = {}
    for field in service.fields():
        source = sources.get(field.prefill)
        value = source() if source else None
        if not parsers.is_blank(value):
            answers[field.id] = value
    return answers


def _profile_address(user):
    if parsers.is_blank(user.street_address):
        return None
    return {
        "street": user.street_address,
        "postal_code": user.postal_code or "",
        "city": user.city or "",
    }


def _profile_personnummer(user):
    revealed = reveal_personnummer(user)
    return parsers.normalise_personnummer(revealed) if revealed else None
