"""Language choice and template helpers for Swedish first, English second."""

import re

from flask import current_app, g, request
from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

from eservices.permissions import ROLES

LANGUAGE_COOKIE = "lang"
# A language chosen for one part of the site for a while (the ballot's, among the election's
# languages), kept in the session; choosing a language in the header ends it.
SESSION_LANGUAGE = "page_language"
LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
# Languages written right to left: pages in them get dir="rtl".
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})
# The locale each language formats dates and numbers by. British English writes dates as
# Swedish does, day before month ("30 November 2026"), where American English would not.
LOCALES = {"sv": "sv", "en": "en_GB"}
# One way to write a day on every page, in the PDF receipt and in the e-mail alike.
DATE_PATTERN = "d MMMM y"
TIME_PATTERN = "HH:mm"


def select_locale():
    """A page's own language (g.page_language, e.g. the ballot's), else the visitor's
    remembered choice, else Swedish."""
    if g.get("page_language"):
        return LOCALES.get(g.page_language, g.page_language)
    choice = request.cookies.get(LANGUAGE_COOKIE)
    if choice not in current_app.config["LANGUAGES"]:
        choice = current_app.config["BABEL_DEFAULT_LOCALE"]
    return LOCALES.get(choice, choice)


def current_language():
    """The two-letter code of the language the page is shown in."""
    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]


def format_day(value):
    """A day as the site writes it: "30 november 2026", "30 November 2026"; "" for None.

    A time is turned into Swedish time first, so a case received at 00:30 on 1 December
    in Sweden is received on 1 December.
    """
    return format_date(value, DATE_PATTERN) if value else ""


def format_moment(value):
    """A day and a time: "30 november 2026 kl. 20:40", "30 November 2026 at 20:40"."""
    if not value:
        return ""
    return _("%(date)s at %(time)s", date=format_day(value), time=format_time(value, TIME_PATTERN))


def whole_words(text):
    """Keep hyphenated words such as "e-legitimation" on one line (a button's label).

    CSS cannot stop a line from breaking after a hyphen, so such words are wrapped in a
    span that does not wrap; markup already in the label is left as it is.
    """
    parts = re.split(r"(<[^>]*>)", str(escape(text)))
    return Markup(  # noqa: S704 - made of escaped text and the label's own markup
        "".join(
            part
            if part.startswith("<")
            else _HYPHENATED.sub(r'<span class="nowrap">\1</span>', part)
            for part in parts
        )
    )


_HYPHENATED = re.compile(r"([^\s<>]+-[^\s<>]+)")


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
    return _EscapedLazyString(_, text, **data)


def register_template_helpers(app):
    """Expose locale helpers and the municipality's branding to every template."""

    @app.context_processor
    def _inject():
        return {
            "current_language": current_language(),
            "text_direction": "rtl" if current_language() in RIGHT_TO_LEFT else "ltr",
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

    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["filesize"] = filesize
    app.jinja_env.filters["whole_words"] = whole_words


def filesize(size):
    """A file size as people read it, in the current language: "350 kB", "1,2 MB"."""
    if size < 1000 * 1000:
        return f"{format_decimal(max(1, round(size / 1000)))}\u00a0kB"
    return f"{format_decimal(round(size / 1000 / 1000, 1))}\u00a0MB"
