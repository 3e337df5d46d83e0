"""Forms for standing as a candidate: the pupil's own, and the school contact's for a pupil."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, TextAreaField

from eservices.forms import BaseForm
from eservices.i18n import lazy_message
from eservices.validators import Choice, Length, PlainText, Required
from eservices.youth.candidates import PRESENTATION_MAX


class ProfileForm(BaseForm):
    """What a candidate tells the voters, and an optional photo."""

    presentation = TextAreaField(
        _l("What I want to change"),
        [Required(), Length(maximum=PRESENTATION_MAX), PlainText()],
        description=lazy_message(
            "At most %(count)d characters. Write so that an 11-year-old understands.",
            count=PRESENTATION_MAX,
        ),
    )
    photo = FileField(
        _l("Photo (optional)"),
        description=_l(
            "A JPEG, PNG or WebP image of at most 5 MB. Where and when it was taken "
            "is removed before it is stored."
        ),
    )
    rules = BooleanField(
        _l("I have read the rules for candidate profiles"),
        [Required(_l("Confirm that you have read the rules."))],
    )


class PupilProfileForm(ProfileForm):
    """The school contact registers a pupil of their school."""

    voter = SelectField(_l("Pupil"), [Required(), Choice()], coerce=str)
