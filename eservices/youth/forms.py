"""Forms of the youth election: the administrator's setup, the census file, and voting."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField

from eservices.forms import BaseForm, CheckboxList, IsoDateField, NumberField, choices
from eservices.validators import (
    Choice,
    DateRange,
    Length,
    NumberRange,
    Optional,
    Personnummer,
    PlainText,
    Required,
)
from eservices.youth.models import ALPHABETICAL_ORDER, RANDOM_ORDER
from eservices.youth.seats import HAMILTON, MODIFIED_SAINTE_LAGUE, SAINTE_LAGUE

SEAT_METHOD_LABELS = {
    MODIFIED_SAINTE_LAGUE: _l("Modified Sainte-Laguë (first divisor below)"),
    SAINTE_LAGUE: _l("Sainte-Laguë"),
    HAMILTON: _l("Largest remainder (Hamilton)"),
}
ORDER_LABELS = {
    RANDOM_ORDER: _l("Random, new for every visitor"),
    ALPHABETICAL_ORDER: _l("Alphabetical by name"),
}
BALLOT_LANGUAGES = {
    "sv": _l("Swedish (easy to read)"),
    "en": _l("English"),
    "ar": _l("Arabic"),
}


class ElectionForm(BaseForm):
    """An election's dates and settings."""

    year = NumberField(_l("Year"), [Required(), NumberRange(2000, 2100)])
    candidacy_first_day = IsoDateField(_l("Candidacy opens"), [Required()])
    candidacy_last_day = IsoDateField(_l("Last day of candidacy"), [Required()])
    voting_first_day = IsoDateField(_l("First voting day"), [Required()])
    voting_last_day = IsoDateField(_l("Last voting day"), [Required()])
    members = NumberField(_l("Members (ledamöter)"), [Required(), NumberRange(0, 500)])
    deputies = NumberField(_l("Deputies (ersättare)"), [Required(), NumberRange(0, 500)])
    seats_method = RadioField(
        _l("How seats are split over areas"),
        [Required(), Choice()],
        choices=choices(SEAT_METHOD_LABELS.items()),
        validate_choice=False,
    )
    first_divisor = NumberField(
        _l("First divisor"),
        [Required(), NumberRange(1, 9)],
        decimals=2,
        description=_l("Used by modified Sainte-Laguë; Swedish elections use 1,2."),
    )
    anonymity_k = NumberField(
        _l("Smallest batch of ballots (K)"),
        [Required(), NumberRange(1, 10_000)],
        description=_l(
            "Ballots are moved into the count in shuffled batches of at least this many per "
            "area, and all at close."
        ),
    )
    languages = CheckboxList(
        _l("Languages of the ballot"),
        [Required(), Choice()],
        choices=choices(BALLOT_LANGUAGES.items()),
    )
    blank_vote_allowed = BooleanField(_l("Voters may vote blank"))
    candidate_order = RadioField(
        _l("Order of candidates on the ballot"),
        [Required(), Choice()],
        choices=choices(ORDER_LABELS.items()),
        validate_choice=False,
    )

    def validate_candidacy_last_day(self, field):
        """Candidacy ends on or after the day it opens."""
        DateRange(minimum=self.candidacy_first_day.data)(self, field)

    def validate_voting_first_day(self, field):
        """Voting begins after candidacy has ended."""
        if self.candidacy_last_day.data:
            DateRange(minimum=self.candidacy_last_day.data)(self, field)

    def validate_voting_last_day(self, field):
        """Voting ends on or after its first day."""
        DateRange(minimum=self.voting_first_day.data)(self, field)


class AreaForm(BaseForm):
    """A city area and its child population."""

    name = StringField(_l("Name of the area"), [Required(), PlainText(), Length(maximum=100)])
    child_population = NumberField(
        _l("Children living in the area"), [Required(), NumberRange(0, 10_000_000)]
    )


class OverrideForm(BaseForm):
    """Seats set by hand for one area, with the reason."""

    members = NumberField(_l("Members"), [Optional(), NumberRange(0, 500)])
    deputies = NumberField(_l("Deputies"), [Optional(), NumberRange(0, 500)])
    reason = TextAreaField(
        _l("Reason"),
        [Optional(), PlainText(), Length(maximum=1000)],
        description=_l("Shown beside the seats. Leave all three empty to use the method."),
    )


class SchoolForm(BaseForm):
    """A school, its code in the census file and its area."""

    code = StringField(
        _l("Code in the census file"), [Required(), PlainText(), Length(maximum=40)]
    )
    name = StringField(_l("Name of the school"), [Required(), PlainText(), Length(maximum=200)])
    area_id = SelectField(_l("City area"), [Choice()], coerce=int, validate_choice=False)
    contact_id = SelectField(_l("School contact"), [Choice()], coerce=int, validate_choice=False)


class CensusForm(BaseForm):
    """The census as a CSV file."""

    file = FileField(
        _l("Census file (CSV)"),
        [FileRequired(_l("Choose the census file."))],
        description=_l(
            "Columns: personnummer, namn, födelsedatum, skola, klass, årskurs, stadsområde. "
            "Leave personnummer empty for pupils without one."
        ),
    )


# --- Voting -----------------------------------------------------------------------------


class CodeForm(BaseForm):
    """The voting code from the class slip."""

    code = StringField(
        _l("Your voting code"),
        [Required(_l("Write the code from your slip.")), Length(maximum=40)],
        description=_l("It is on the paper from your teacher, for example ACDE-FHJK-MNPR."),
    )


class VoterEidForm(BaseForm):
    """The built-in test e-ID, for demonstrations: a personnummer from the census."""

    personnummer = StringField(
        _l("Personal identity number"),
        [Required(), Personnummer()],
        description=_l("12 digits, for example 20130301-2382."),
    )


class BallotForm(BaseForm):
    """The choice on the ballot: a candidate's id, or "blank"."""

    choice = RadioField(
        _l("Who do you vote for?"),
        [Required(_l("Choose a person, or vote blank.")), Choice()],
        validate_choice=False,
    )
