"""Language choice and template helpers for Swedish first, English second."""

from flask import current_app, g, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale, gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape

from eservices.permissions import ROLES

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}


def select_locale():
    """The visitor's remembered choice, else Swedish."""
    choice = request.cookies.get(LANGUAGE_COOKIE)
    if choice in current_app.config["LANGUAGES"]:
        return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language():
    """The two-letter code of the language the page is shown in."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def localized(obj, attribute):
    """Pick `attribute_sv` or `attribute_en` by language, falling back to Swedish."""
    if obj is None:
        return ""
    value = getattr(obj, f"{attribute}_{current_language()}", None)
    return value or getattr(obj, f"{attribute}_sv", "") or ""


class _EscapedLazyString(LazyString):
    """A lazy translation that Jinja escapes like any other text."""

    def __html__(self):
        return escape(str(self))


def lazy_message(text, **data):
    """``text`` translated when shown, with ``data`` (a file name, a label) put into it.

    Use it, not Flask-Babel's ``lazy_gettext``, for every lazy message that carries data:
    Flask-Babel's lazy strings tell Jinja they are HTML already, so a file named
    ``<img src=x onerror=...>.png`` would reach the page as a real element.
    """
    return _EscapedLazyString(gettext, text, **data)


def register_template_helpers(app):
    """Expose locale helpers and the municipality's branding to every template."""

    @app.context_processor
    def _inject():
        return {
            "current_language": current_language(),
            "language_names": LANGUAGE_NAMES,
            "municipality": {
                "name": app.config["MUNICIPALITY_NAME"],
                "logo": app.config["MUNICIPALITY_LOGO"],
                "colours": app.config["MUNICIPALITY_COLOURS"],
                "email": app.config["CONTACT_EMAIL"],
                "phone": app.config["CONTACT_PHONE"],
            },
            "csp_nonce": g.get("csp_nonce", ""),
            "localized": localized,
            "role_labels": ROLES,
        }

    app.jinja_env.filters["datetime"] = lambda value, fmt="short": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["filesize"] = filesize
    app.jinja_env.filters["date"] = lambda value, fmt="short": (
        format_date(value, fmt) if value else ""
    )


def filesize(size):
    """A file size as people read it, in the current language: "350 kB", "1,2 MB"."""
    if size < 1000 * 1000:
        return f"{format_decimal(max(1, round(size / 1000)))}\u00a0kB"
    return f"{format_decimal(round(size / 1000 / 1000, 1))}\u00a0MB"
