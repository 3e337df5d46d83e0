"""The resident's profile form."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import Email, Optional, ValidationError

from eservices.forms import BaseForm, MaxLength, NoControlCharacters, PhoneNumber


class SwedishPostalCode:
    """Five digits, optionally written "123 45"; normalised to "123 45"."""

    def __call__(self, form, field):
        if not field.data:
            return
        digits = field.data.replace(" ", "")
        if not re.fullmatch(r"[0-9]{5}", digits) or digits.startswith("0"):
            raise ValidationError(_l("Enter the postal code as five digits, for example 411 38."))
        field.data = f"{digits[:3]} {digits[3:]}"


class ProfileForm(BaseForm):
    """Contact details used to pre-fill e-service forms."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            MaxLength(320),
            Email(message=_l("Enter a valid e-mail address, for example namn@example.se.")),
        ],
        description=_l("We send a link to confirm the address."),
    )
    phone = StringField(_l("Phone number"), validators=[Optional(), MaxLength(40), PhoneNumber()])
    street_address = StringField(
        _l("Street address"), validators=[Optional(), MaxLength(200), NoControlCharacters()]
    )
    postal_code = StringField(
        _l("Postal code"), validators=[Optional(), MaxLength(10), SwedishPostalCode()]
    )
    city = StringField(
        _l("Town or city"), validators=[Optional(), MaxLength(100), NoControlCharacters()]
    )
    notify_status = BooleanField(_l("When my case changes status or is decided"))
    notify_messages = BooleanField(
        _l("When I get a message or a request for more information about my case")
    )


class ReplyForm(BaseForm):
    """The resident's answer to a completion request: text, files, or both."""

    body = TextAreaField(_l("Your answer"), validators=[MaxLength(20000), NoControlCharacters()])
    files = MultipleFileField(
        _l("Files"),
        description=_l(
            "At most 5 files of up to 10 MB each: PDF, JPEG, PNG, HEIC, Word, OpenDocument "
            "or plain text."
        ),
    )
