"""The statistics filter: a period of whole months and, optionally, one e-service (GET)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField

from eservices.forms import BaseForm
from eservices.i18n import lazy_message
from eservices.parsers import parse_month
from eservices.statistics.services import MAX_MONTHS, Period, add_months, month_count
from eservices.validators import Choice, Length, Month


class StatisticsForm(BaseForm):
    """Which months, and which e-service, the statistics cover."""

    class Meta:
        csrf = False

    fran = StringField(
        _l("From month"),
        validators=[Length(maximum=20), Month()],
        description=_l("Year and month, for example 2026-01."),
    )
    till = StringField(
        _l("To month"),
        validators=[Length(maximum=20), Month()],
        description=_l("Year and month, for example 2026-12."),
    )
    tjanst = SelectField(
        _l("E-service"),
        choices=[],
        validate_choice=False,
        validators=[Choice()],
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
