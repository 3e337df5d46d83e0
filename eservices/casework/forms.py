"""Forms of the handler's workspace."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from eservices.cases import labels
from eservices.forms import BaseForm, DateInputField, choices
from eservices.validators import Choice, Length, Optional, PlainText, Required


class AssignForm(BaseForm):
    """Give the case to a colleague."""

    assignee = SelectField(
        _l("Colleague"),
        choices=[],
        validate_choice=False,
        validators=[Required(_l("Choose the colleague who takes the case.")), Choice()],
    )


class TransferForm(BaseForm):
    """Move the case to another unit."""

    unit = SelectField(
        _l("Unit"),
        choices=[],
        validate_choice=False,
        validators=[Required(_l("Choose the unit that takes over the case.")), Choice()],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Required(), Length(maximum=2000), PlainText()],
        description=_l("The receiving unit reads this in the case's timeline."),
    )


class StatusForm(BaseForm):
    """Move the case on in the workflow: each possible move is a button with its status."""

    status = StringField(_l("New status"), validators=[Required()])


class DecisionForm(BaseForm):
    """Decide the case: its outcome, and the text the resident gets with it."""

    decision = RadioField(
        _l("Decision"),
        choices=choices(labels.DECISIONS.items()),
        validate_choice=False,
        validators=[Required(_l("Choose the decision.")), Choice()],
    )
    decision_text = TextAreaField(
        _l("Decision text"),
        validators=[Required(), Length(maximum=20000), PlainText()],
        description=_l("Shown to the resident with the decision."),
    )


class WriteForm(BaseForm):
    """A note for colleagues, a message to the resident, or a request for more information."""

    kind = RadioField(
        _l("What are you writing?"),
        choices=choices(
            [
                ("note", _l("An internal note (only handlers see it)")),
                ("message", _l("A message to the resident")),
                (
                    "completion_request",
                    _l("A request for more information (the case waits for the answer)"),
                ),
            ]
        ),
        default="note",
        validators=[Required(_l("Choose what you are writing."))],
    )
    body = TextAreaField(_l("Text"), validators=[Required(), Length(maximum=20000), PlainText()])


class SearchForm(BaseForm):
    """The queue's search box (GET)."""

    class Meta:
        csrf = False

    q = StringField(_l("Case number or name"), validators=[Length(maximum=200)])
    since = DateInputField(_l("Received from"), validators=[Optional()])
    until = DateInputField(_l("Received until"), validators=[Optional()])

    def validate_until(self, field):
        """The end of the period cannot come before its start."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must be on or after the start date."))
