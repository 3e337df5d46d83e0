"""Forms of the handler's workspace."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField

from eservices.cases import workflow
from eservices.forms import BaseForm, MaxLength, NoControlCharacters, Required, choices


class AssignForm(BaseForm):
    """Give the case to a colleague."""

    assignee = SelectField(_l("Colleague"), coerce=int, choices=[], validate_choice=False)


class TransferForm(BaseForm):
    """Move the case to another unit."""

    unit = SelectField(_l("Unit"), coerce=int, choices=[], validate_choice=False)
    reason = TextAreaField(
        _l("Reason"),
        validators=[Required(), MaxLength(2000), NoControlCharacters()],
        description=_l("The receiving unit reads this in the case's timeline."),
    )


class StatusForm(BaseForm):
    """Move the case on in the workflow; a decision needs its outcome and text."""

    status = RadioField(_l("New status"), choices=[], validate_choice=False)
    decision = RadioField(
        _l("Decision"),
        choices=choices([(key, label) for key, label in workflow.DECISIONS.items()]),
        validate_choice=False,
    )
    decision_text = TextAreaField(
        _l("Decision text"),
        validators=[MaxLength(20000), NoControlCharacters()],
        description=_l("Shown to the resident with the decision."),
    )


class SearchForm(BaseForm):
    """The queue's search box (GET)."""

    class Meta:
        csrf = False

    q = StringField(_l("Case number or name"), validators=[MaxLength(200)])
