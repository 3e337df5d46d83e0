"""A proposal's plain text as HTML: paragraphs and line breaks, every character escaped.

Links stay text: a moderator reads the text, not what a link leads to, so nothing in a
proposal is made clickable.
"""

import re

from markupsafe import Markup, escape

_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def paragraphs(text):
    """``<p>`` for each paragraph (split at empty lines), ``<br>`` within one."""
    parts = [part for part in _PARAGRAPH_BREAK.split((text or "").strip()) if part.strip()]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(
            Markup("<br>\n").join(escape(line) for line in _LINE_BREAK.split(part))
        )
        for part in parts
    )
