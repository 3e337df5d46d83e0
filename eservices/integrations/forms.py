"""Forms for a unit's integrations."""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import StringField, URLField
from wtforms.validators import ValidationError

from eservices.forms import BaseForm
from eservices.validators import Length, Optional, PlainText, Required

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class WebhookAddress:
    """An https address; http only to this machine, and only outside production."""

    def __call__(self, form, field):
        parts = urlsplit(field.data or "")
        message = _l("Enter a full address that starts with https://.")
        if not parts.hostname or parts.scheme not in ("http", "https"):
            raise ValidationError(message)
        if parts.scheme == "http" and (
            parts.hostname not in LOCAL_HOSTS or current_app.config["ENV_NAME"] == "production"
        ):
            raise ValidationError(message)


class WebhookForm(BaseForm):
    """Where the unit's new cases are pushed."""

    url = URLField(
        _l("Webhook address"),
        validators=[Optional(), Length(maximum=500), WebhookAddress()],
        description=_l(
            "Each new case is sent here as JSON, signed with the secret. Leave empty to stop."
        ),
    )


class ApiClientForm(BaseForm):
    """A back-end system that may read the unit's cases."""

    name = StringField(
        _l("System name"),
        validators=[Required(), Length(maximum=200), PlainText()],
        description=_l("For example the name of the case management system."),
    )
