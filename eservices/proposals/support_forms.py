"""Forms for supporting a proposal, a citizen office's paper support and the committee's
answer."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from eservices.forms import BaseForm, IsoDateField, choices
from eservices.proposals.answers import DECISION_LABELS
from eservices.proposals.forms import ProposalForm
from eservices.validators import Length, Pattern, Personnummer, PlainText, Required

ANSWER_MAX = 10_000
NAME_MAX = 200


class SupportForm(BaseForm):
    """Support the proposal, and perhaps be e-mailed about what happens to it."""

    notify = BooleanField(_l("E-mail me when the proposal is sent to the committee and answered"))


class WithdrawForm(BaseForm):
    """Take one's support back."""


class PaperSupportForm(BaseForm):
    """A support from a paper list, for a person identified by personnummer."""

    personnummer = StringField(
        _l("Personal identity number"),
        validators=[Required(), Personnummer()],
        description=_l("YYYYMMDD-NNNN. The person counts once, however they support."),
    )
    given_name = StringField(
        _l("First name"), validators=[Required(), Length(maximum=NAME_MAX), PlainText()]
    )
    family_name = StringField(
        _l("Last name"), validators=[Required(), Length(maximum=NAME_MAX), PlainText()]
    )


class OnBehalfForm(ProposalForm):
    """A proposal a citizen office registers for a resident who is at the desk: who they
    are, what they propose, and that they have read the rules. No image (they can add one
    from home)."""

    personnummer = PaperSupportForm.personnummer
    given_name = PaperSupportForm.given_name
    family_name = PaperSupportForm.family_name
    image = None
    image_alt = None
    accept_rules = BooleanField(
        _l("The resident has read the rules for e-proposals, and the proposal follows them"),
        validators=[Required(_l("Confirm that the resident has read the rules."))],
    )


class AnswerForm(BaseForm):
    """The committee's answer to a forwarded proposal."""

    decision = RadioField(
        _l("The committee's decision"),
        choices=choices(DECISION_LABELS.items()),
        validators=[Required(_l("Choose the committee's decision."))],
    )
    text = TextAreaField(
        _l("The answer"),
        validators=[Required(), Length(maximum=ANSWER_MAX), PlainText()],
        description=_l("Published on the proposal's page. Say what will happen, and why."),
    )
    decided_on = IsoDateField(_l("Date of the decision"), validators=[Required()])
    minutes_url = StringField(
        _l("Link to the minutes"),
        validators=[
            Length(maximum=500),
            Pattern(r"https://[^\s<>\"]+", _l("enter an address that starts with https://")),
        ],
        description=_l("Optional. The address of the minutes on the municipality's website."),
    )
