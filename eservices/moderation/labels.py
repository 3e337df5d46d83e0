"""Words for the pre-screen's findings and for outcomes, in the visitor's language."""

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l

from eservices.moderation import models

FLAGS = {
    "personnummer": _l("Personal identity number"),
    "phone": _l("Phone number"),
    "email": _l("E-mail address"),
    "url": _l("Link"),
    "word": _l("Word from the list"),
    "similar": _l("Like an open item"),
}

OUTCOMES = {
    models.APPROVED: _l("Approved for publishing"),
    models.REJECTED: _l("Rejected, not published"),
    models.CHANGES_REQUESTED: _l("Changes requested"),
    models.WITHDRAWN: _l("Withdrawn by the author"),
    models.KEPT: _l("Kept"),
    models.REMOVED: _l("Removed"),
}

KINDS = {
    "proposal": _l("Proposals"),
    "comment": _l("Comments"),
    "candidate": _l("Candidate profiles"),
}


def flag_label(flag):
    """The name of a flag, with whether a personnummer's check digit is right."""
    if flag.code == "personnummer":
        if flag.detail == "luhn-valid":
            return _l("Personal identity number (valid check digit)")
        return _l("Personal identity number (wrong check digit)")
    return FLAGS[flag.code]


def duration(hours):
    """A time span as people read it: hours under two days, else days, one decimal."""
    if hours is None:
        return "–"
    hour = hours < 48
    value = round(hours if hour else hours / 24, 1)
    # gettext chooses the plural form by a whole number; 1.5 reads as plural.
    count = 1 if value == 1 else 2
    if hour:
        return ngettext("%(value)s hour", "%(value)s hours", count, value=format_decimal(value))
    return ngettext("%(value)s day", "%(value)s days", count, value=format_decimal(value))
