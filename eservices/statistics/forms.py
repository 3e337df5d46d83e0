"""The statistics filter: a period of whole months and, optionally, one e-service (GET)."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

from eservices.forms import BaseForm, MaxLength
from eservices.i18n import lazy_message
from eservices.statistics.services import MAX_MONTHS, Period, add_months, month_count

_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)


def parse_month(text):
    """``"2026-03"`` as the first day of that month; None when it is not such a month."""
    match = _MONTH.fullmatch(text or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


class Month:
    """The field holds a year and month written as 2026-03."""

    def __call__(self, form, field):
        if field.data and parse_month(field.data) is None:
            raise ValidationError(
                lazy_message(
                    "%(label)s must be a year and a month, for example 2026-03.",
                    label=field.label.text,
                )
            )


class OneOfTheChoices:
    """The value is one of the field's choices (the view sets them)."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data and field.data not in {str(choice[0]) for choice in field.iter_choices()}:
            raise ValidationError(self.message)


class StatisticsForm(BaseForm):
    """Which months, and which e-service, the statistics cover."""

    class Meta:
        csrf = False

    fran = StringField(
        _l("From month"),
        validators=[MaxLength(20), Month()],
        description=_l("Year and month, for example 2026-01."),
    )
    till = StringField(
        _l("To month"),
        validators=[MaxLength(20), Month()],
        description=_l("Year and month, for example 2026-12."),
    )
    tjanst = SelectField(
        _l("E-service"),
        choices=[],
        validate_choice=False,
        validators=[OneOfTheChoices(_l("Choose an e-service from the list."))],
    )

    def validate(self, extra_validators=None):
        """Check each field, then that the months make a period of a readable length."""
        if not super().validate(extra_validators):
            return False
        first, last = self._months()
        if first > last:
            self.till.errors.append(_l("The to month must not be before the from month."))
            return False
        if month_count(first, last) > MAX_MONTHS:
            self.till.errors.append(
                lazy_message("Choose a period of at most %(count)d months.", count=MAX_MONTHS)
            )
            return False
        return True

    def _months(self):
        # A month left empty is filled in to make twelve months, never past the current one.
        default = Period.last_twelve_months()
        first, last = parse_month(self.fran.data), parse_month(self.till.data)
        if first and not last:
            last = min(add_months(first, 11), default.last) if first <= default.last else first
        elif last and not first:
            first = add_months(last, -11)
        return first or default.first, last or default.last

    def period(self):
        """The period asked for (after validate()); by default the last twelve months."""
        return Period(*self._months())

    def service_id(self):
        """The e-service asked for, or None for all."""
        return self.tjanst.data or None
