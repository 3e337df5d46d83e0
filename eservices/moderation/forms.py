"""Forms of the moderation queue and of reporting an item."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from eservices.forms import BaseForm, CheckboxList, choices
from eservices.validators import Length, PlainText, Required

NOTE_MAX = 2000
REASON_MAX = 1000


class ConfirmForm(BaseForm):
    """A button that acts: claim, release, unpark, keep."""


class ApproveForm(BaseForm):
    """Approve; a kind may add its own field (``extra``) through ``with_extra``."""

    @classmethod
    def with_extra(cls, unbound_field):
        """This form class with the kind's field added as ``extra``, or as it is."""
        if unbound_field is None:
            return cls
        return type("KindApproveForm", (cls,), {"extra": unbound_field})


def _note(label, description, required=False):
    checks = [Length(maximum=NOTE_MAX), PlainText()]
    return TextAreaField(
        label, validators=[Required(), *checks] if required else checks, description=description
    )


class RejectForm(BaseForm):
    """Reject, or remove a reported item: the rules it breaks and a note to the author."""

    rules = CheckboxList(
        _l("Rules the text breaks"),
        validators=[Required(_l("Choose at least one rule that the text breaks."))],
        coerce=str,
    )
    note = _note(
        _l("Note to the author"),
        _l("Sent to the author with the rules' public explanations."),
    )

    def __init__(self, rules, language, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules.choices = choices([(rule.id, rule.title.get(language)) for rule in rules])


class ChangesForm(BaseForm):
    """Send the item back to its author with what to change."""

    note = _note(
        _l("What should be changed"),
        _l("Sent to the author, who can edit and send the text in again."),
        required=True,
    )


class ParkForm(BaseForm):
    """Set an item aside, outside the queue."""

    reason = _note(
        _l("Why it is parked"),
        _l("For your colleagues: what the item is waiting for."),
        required=True,
    )


class ReportForm(BaseForm):
    """Anyone reports an item that breaks the rules."""

    reason = TextAreaField(
        _l("What is wrong with it"),
        validators=[Required(), Length(maximum=REASON_MAX), PlainText()],
        description=_l("A moderator reads this. Do not write your own contact details."),
    )
