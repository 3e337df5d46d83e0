"""The resident's profile form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, MultipleFileField, StringField, TextAreaField

from eservices.forms import BaseForm
from eservices.validators import EmailAddress, Length, Optional, PhoneNumber, PlainText, PostalCode


class ProfileForm(BaseForm):
    """Contact details used to pre-fill e-service forms."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            Length(maximum=320),
            EmailAddress(),
        ],
        description=_l("We send a link to confirm the address."),
    )
    phone = StringField(
        _l("Phone number"), validators=[Optional(), Length(maximum=40), PhoneNumber()]
    )
    street_address = StringField(
        _l("Street address"), validators=[Optional(), Length(maximum=200), PlainText()]
    )
    postal_code = StringField(
        _l("Postal code"), validators=[Optional(), Length(maximum=10), PostalCode()]
    )
    city = StringField(
        _l("Town or city"), validators=[Optional(), Length(maximum=100), PlainText()]
    )
    notify_status = BooleanField(_l("When my case changes status or is decided"))
    notify_messages = BooleanField(
        _l("When I get a message or a request for more information about my case")
    )


class ReplyForm(BaseForm):
    """The resident's answer to a completion request: text, files, or both."""

    body = TextAreaField(_l("Your answer"), validators=[Length(maximum=20000), PlainText()])
    files = MultipleFileField(
        _l("Files"),
        description=_l(
            "At most 5 files of up to 10 MB each: PDF, JPEG, PNG, HEIC, Word, OpenDocument "
            "or plain text."
        ),
    )
