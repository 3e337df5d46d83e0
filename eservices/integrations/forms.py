"""Forms for a unit's integrations."""

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, URLField
from wtforms.validators import ValidationError

from eservices.forms import BaseForm
from eservices.integrations import addresses
from eservices.validators import Length, Optional, PlainText, Required

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class WebhookAddress:
    """An https address (http only to this machine, and only outside production) whose
    host leads only to addresses webhooks may reach (see integrations/addresses.py)."""

    def __call__(self, form, field):
        parts = urlsplit(field.data or "")
        try:
            host, _port = parts.hostname, parts.port
        except ValueError:
            host = None
        if not host or parts.scheme not in ("http", "https"):
            raise ValidationError(_("Enter a full address that starts with https://."))
        if parts.scheme == "http" and (
            host not in LOCAL_HOSTS or current_app.config["ENV_NAME"] == "production"
        ):
            raise ValidationError(_("Enter a full address that starts with https://."))
        try:
            addresses.resolve(host)
        except addresses.HostNotFound:
            # Plain gettext: the host is the administrator's input, escaped where shown.
            raise ValidationError(_("The host %(host)s could not be found.", host=host)) from None
        except addresses.AddressRefused as refused:
            raise ValidationError(
                _(
                    "%(host)s leads to %(address)s, an internal address. Webhooks go only to "
                    "public addresses, unless the server's configuration allows the network.",
                    host=host,
                    address=refused.address,
                )
            ) from None


class WebhookForm(BaseForm):
    """Where the unit's cases and their changes are pushed."""

    url = URLField(
        _l("Webhook address"),
        validators=[Optional(), Length(maximum=500), WebhookAddress()],
        description=_l(
            "Each new case, and every change to it, is sent here as JSON, signed with the "
            "secret. Leave empty to stop."
        ),
    )


class ApiClientForm(BaseForm):
    """A back-end system that may read the unit's cases."""

    name = StringField(
        _l("System name"),
        validators=[Required(), Length(maximum=200), PlainText()],
        description=_l("For example the name of the case management system."),
    )
