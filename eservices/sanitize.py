"""The one sanitiser for user-supplied text that may be shown as HTML."""

import bleach
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"https", "http", "mailto"})


def _harden_link(attrs, new=False):
    # Links from the public must not pass ranking or the opener to another site.
    attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


def clean_html(text):
    """Sanitise user HTML to a small safe subset and return it as Markup."""
    if not text:
        return Markup("")
    cleaned = bleach.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    linked = bleach.linkify(cleaned, callbacks=[_harden_link], parse_email=False)
    return Markup(linked)  # noqa: S704 - the value has just been through bleach


def text_to_html(text):
    """Render plain user text as paragraphs: escaped, line breaks kept, links made clickable."""
    if not text:
        return Markup("")
    escaped = str(escape(text))
    paragraphs = [p.strip() for p in escaped.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return Markup(bleach.linkify(body, callbacks=[_harden_link], parse_email=False))  # noqa: S704
