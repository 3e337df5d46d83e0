"""Forms for logging in, setting passwords and two-factor codes."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, ValidationError

from eservices.accounts import passwords
from eservices.forms import BaseForm
from eservices.i18n import lazy_message
from eservices.validators import EmailAddress, Length, Personnummer, PlainText, Required

PASSWORD_MESSAGES = {
    "too_short": lazy_message(
        "The password must be at least %(n)d characters long.", n=passwords.MIN_LENGTH
    ),
    "too_long": lazy_message(
        "The password must be at most %(n)d characters long.", n=passwords.MAX_LENGTH
    ),
    "common": _l("The password is too common. Choose one that is harder to guess."),
    "contains_email": _l("The password must not contain your e-mail address."),
}


class StrongPassword:
    """The password follows the staff password policy."""

    def __call__(self, form, field):
        email = getattr(form, "email_for_policy", None)
        problems = passwords.password_problems(field.data or "", email=email)
        if problems:
            raise ValidationError(PASSWORD_MESSAGES[problems[0]])


class TestEidForm(BaseForm):
    """The built-in test e-ID: type a personnummer and a name."""

    personnummer = StringField(
        _l("Personal identity number"),
        validators=[Required(), Personnummer()],
        description=_l("12 digits, for example 19900315-2387."),
    )
    given_name = StringField(
        _l("First name"), validators=[Required(), Length(maximum=100), PlainText()]
    )
    family_name = StringField(
        _l("Last name"), validators=[Required(), Length(maximum=100), PlainText()]
    )


class StaffLoginForm(BaseForm):
    """Staff log-in with e-mail address and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            Required(),
            Length(maximum=320),
            # Staff given an address with å, ä or ö before it was refused still log in.
            EmailAddress(reachable=False),
        ],
    )
    # Never stripped of spaces: a password is exactly what was typed.
    password = PasswordField(_l("Password"), validators=[Required(), Length(maximum=1000)])


class TotpForm(BaseForm):
    """The six-digit code from the authenticator app."""

    code = StringField(
        _l("Security code"),
        validators=[Required(), Length(maximum=10)],
        description=_l("The six digits shown in your authenticator app."),
    )


class SetPasswordForm(BaseForm):
    """Choose a new password (invitation or change)."""

    password = PasswordField(_l("New password"), validators=[Required(), StrongPassword()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[Required(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ChangePasswordForm(SetPasswordForm):
    """Change one's own password, proving the current one first."""

    current_password = PasswordField(_l("Current password"), validators=[Required()])


class ConfirmForm(BaseForm):
    """A form with nothing but a button: a POST that carries CSRF."""
