"""Forms for logging in, setting passwords and two-factor codes."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, ValidationError

from eservices.accounts import passwords, personnummer
from eservices.forms import BaseForm, MaxLength, NoControlCharacters, Required
from eservices.i18n import lazy_message

PNR_MESSAGES = {
    "format": _l("Enter the personal identity number as YYYYMMDD-NNNN."),
    "date": _l("The personal identity number does not contain a real date of birth."),
    "checksum": _l("The personal identity number is not valid. Check the last four digits."),
}

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


class ValidPersonnummer:
    """The field holds a valid personnummer or samordningsnummer; it is normalised."""

    def __call__(self, form, field):
        try:
            field.parsed = personnummer.parse(field.data or "")
        except personnummer.InvalidPersonnummer as exc:
            raise ValidationError(PNR_MESSAGES[exc.reason]) from None


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
        validators=[Required(), ValidPersonnummer()],
        description=_l("12 digits, for example 19900315-2387."),
    )
    given_name = StringField(
        _l("First name"), validators=[Required(), MaxLength(100), NoControlCharacters()]
    )
    family_name = StringField(
        _l("Last name"), validators=[Required(), MaxLength(100), NoControlCharacters()]
    )


class StaffLoginForm(BaseForm):
    """Staff log-in with e-mail address and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            Required(),
            MaxLength(320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    # Never stripped of spaces: a password is exactly what was typed.
    password = PasswordField(_l("Password"), validators=[Required(), MaxLength(1000)])


class TotpForm(BaseForm):
    """The six-digit code from the authenticator app."""

    code = StringField(
        _l("Security code"),
        validators=[Required(), MaxLength(10)],
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
