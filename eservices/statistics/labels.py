"""Figures as people read them in the page's language: months, days, shares and names."""

from babel.numbers import format_percent
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _

from eservices.catalogue.loading import get_catalogue
from eservices.i18n import current_language, localized


def month_label(month):
    """ "januari 2026" / "January 2026"."""
    return format_date(month, "LLLL yyyy")


def days(value):
    """A lead time in days to one decimal ("4,5"); a dash when there is none."""
    return "–" if value is None else format_decimal(value, "#,##0.0")


def month_span(first, last):
    """ "januari 2026" for one month, "januari 2026 till juni 2026" for several."""
    if first == last:
        return month_label(first)
    return _("%(first)s to %(last)s", first=month_label(first), last=month_label(last))


def month_rows(per_month, count):
    """[(label, figures)] with each run of months whose ``count`` attribute is 0 as one row
    (figures None).

    Seven empty months are one line that says so, not seven lines of zeros.
    """
    rows, empty = [], []
    for month, figures in [*per_month, (None, None)]:
        if month is not None and not getattr(figures, count):
            empty.append(month)
            continue
        if empty:
            rows.append((month_span(empty[0], empty[-1]), None))
            empty = []
        if month is not None:
            rows.append((month_label(month), figures))
    return rows


def percent(share):
    """A share (0 to 1) as a percentage to a tenth where it has one: "12,5 %", "45 %".

    A whole percentage would show 12.5 % as "12 %" (rounded half to even).
    """
    if share is None:
        return "–"
    return format_percent(round(share, 3), locale=get_locale(), decimal_quantization=False)


def service_title(service_id):
    """The e-service's title, or its id when it is no longer in the catalogue."""
    service = get_catalogue().get(service_id)
    return service.title.get(current_language()) if service else service_id


def unit_name(unit):
    """The unit's name in the page's language."""
    return localized(unit, "name")
