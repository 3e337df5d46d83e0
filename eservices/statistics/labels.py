"""Figures as people read them in the page's language: months, days, shares and names."""

from flask_babel import format_date, format_decimal, format_percent

from eservices.catalogue.loading import get_catalogue
from eservices.i18n import current_language, localized


def month_label(month):
    """ "januari 2026" / "January 2026"."""
    return format_date(month, "LLLL yyyy")


def days(value):
    """A lead time in days to one decimal ("4,5"); a dash when there is none."""
    return "–" if value is None else format_decimal(value, "#,##0.0")


def percent(share):
    """A share (0 to 1) as a whole percentage ("45 %"); a dash when there is none."""
    return "–" if share is None else format_percent(share)


def service_title(service_id):
    """The e-service's title, or its id when it is no longer in the catalogue."""
    service = get_catalogue().get(service_id)
    return service.title.get(current_language()) if service else service_id


def unit_name(unit):
    """The unit's name in the page's language."""
    return localized(unit, "name")
