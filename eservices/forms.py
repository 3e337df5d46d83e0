"""The project's base form and reusable validators."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice
from wtforms.validators import StopValidation, ValidationError

from eservices.i18n import lazy_message


def _strip(value):
    # NUL never comes from a keyboard and PostgreSQL refuses it in text: drop it here.
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """Every form: CSRF on, surrounding whitespace stripped from every text value."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Add the strip filter to every field."""
            filters = list(unbound_field.kwargs.get("filters", ()))
            # A password is exactly what was typed, spaces included.
            if unbound_field.field_class is not PasswordField:
                filters.insert(0, _strip)
            return unbound_field.bind(form=form, filters=filters, **options)


def choices(pairs):
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class Required:
    """The field must have a value; the message names the field."""

    def __init__(self, message=None):
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form, field):
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(
                self.message or lazy_message("Enter %(label)s.", label=_lower(field.label.text))
            )


class MaxLength:
    """The text may be at most `maximum` characters long."""

    def __init__(self, maximum):
        self.maximum = maximum

    def __call__(self, form, field):
        if field.data and len(field.data) > self.maximum:
            raise ValidationError(
                lazy_message(
                    "%(label)s must be at most %(max)d characters.",
                    label=field.label.text,
                    max=self.maximum,
                )
            )


class NoControlCharacters:
    """Refuse invisible control characters that would corrupt stored text."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and any(
            (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in field.data
        ):
            raise ValidationError(
                lazy_message(
                    "%(label)s contains characters that are not allowed.", label=field.label.text
                )
            )


def _lower(text):
    text = str(text)
    return text[:1].lower() + text[1:]
