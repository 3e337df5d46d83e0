"""Forms for writing a proposal, sending it in and deleting a draft, and for commenting."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from eservices.forms import BaseForm, choices
from eservices.i18n import lazy_message
from eservices.validators import Choice, Length, Optional, PlainText, Required

TITLE_MAX = 120
BODY_MIN = 20
BODY_MAX = 5000
ALT_MAX = 300
COMMENT_MAX = 2000


def _text_checks(maximum, minimum=None):
    return [Required(), Length(minimum=minimum, maximum=maximum), PlainText()]


class ProposalForm(BaseForm):
    """The proposal's text and what it is about; an optional image."""

    title = StringField(
        _l("Title"),
        validators=_text_checks(TITLE_MAX),
        description=_l("A short title that says what you propose."),
    )
    body = TextAreaField(
        _l("Your proposal"),
        validators=_text_checks(BODY_MAX, BODY_MIN),
        description=_l(
            "What should the city do, and why? Separate paragraphs with an empty line. "
            "Links are shown as text. Do not write about other people."
        ),
    )
    category = SelectField(
        _l("Category"), validators=[Required(), Choice()], validate_choice=False
    )
    area = SelectField(_l("City area"), validators=[Required(), Choice()], validate_choice=False)
    image = FileField(
        _l("Image"),
        description=_l(
            "A JPEG, PNG or WebP picture of at most 5 MB. It is public once published."
        ),
    )
    image_alt = StringField(
        _l("What the image shows"),
        validators=[Optional(), Length(maximum=ALT_MAX), PlainText()],
        description=_l("For those who cannot see the image. Needed when there is an image."),
    )

    def __init__(self, categories, areas, language, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = choices(
            [("", _l("Choose a category"))] + [(c.id, c.title.get(language)) for c in categories]
        )
        self.area.choices = choices(
            [("", _l("Choose a city area"))] + [(a.id, a.title.get(language)) for a in areas]
        )

    def needs_alt(self, has_image):
        """An image needs a description: put the error next to the field; True if missing."""
        if has_image and not self.image_alt.data:
            self.image_alt.errors = [
                lazy_message("Enter %(label)s.", label=str(self.image_alt.label.text).lower())
            ]
            return True
        return False


class SubmitForm(BaseForm):
    """Accepting the rules and sending the proposal in."""

    accept_rules = BooleanField(
        _l("I have read the rules for e-proposals and my proposal follows them"),
        validators=[Required(_l("Accept the rules to send the proposal in."))],
    )


class ConfirmForm(BaseForm):
    """A button that acts: delete a draft, remove the image."""


class CommentForm(BaseForm):
    """A resident's comment on a proposal: plain text, shown at once."""

    body = TextAreaField(
        _l("Your comment"),
        validators=_text_checks(COMMENT_MAX),
        description=_l(
            "Shown at once with your name. Links are shown as text. Do not write about "
            "other people."
        ),
    )
