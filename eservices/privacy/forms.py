"""The form that confirms removal of the resident's account."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from eservices.forms import BaseForm
from eservices.validators import Required


class RemoveAccountForm(BaseForm):
    """The resident ticks a box to say they understand what removal means."""

    confirm = BooleanField(
        _l("I understand what happens, and I want my account removed now."),
        validators=[Required(_l("Tick the box to confirm that your account is removed."))],
    )
