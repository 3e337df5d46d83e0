"""Text for PDF documents in any script residents write: fonts, right-to-left and shaping.

ReportLab sets a paragraph in one font and left to right. Residents write Swedish, Arabic,
Persian, Somali, Hebrew, emoji and mathematical letters, often in one answer. So:

- each character is set in the first of the bundled Noto fonts (eservices/fonts) that has
  it, and a run of characters in the same font becomes one <font> span;
- a line with right-to-left text is shaped (Arabic letters joined, by arabic-reshaper) and
  put in display order by the Unicode bidirectional algorithm (python-bidi), one printed
  line at a time, since ReportLab would otherwise wrap the reordered text from the wrong end.
"""

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).resolve().parent / "fonts"

# Tried in this order for each character: (name, regular file, bold file or None).
FAMILIES = (
    ("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("NotoSansHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    ("NotoSansMath", "NotoSansMath-Regular.ttf", None),
    ("NotoEmoji", "NotoEmoji-Regular.ttf", "NotoEmoji-Bold.ttf"),
)
REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"

# Characters that steer direction: applied by the bidirectional algorithm, never printed.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))
_BIDI_CONTROLS.update(dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069")))


@dataclass(frozen=True)
class _Font:
    name: str
    covers: frozenset


def _to_unicode_cmap(fontname, subset):
    """ReportLab's ToUnicode map, with characters beyond U+FFFF written as UTF-16.

    ReportLab 5.1 writes U+1F600 as <1F600>, which no reader can parse, so emoji and
    mathematical letters could not be searched or copied from the PDF.
    """
    entries = [
        f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@functools.cache
def fonts():
    """Register the bundled fonts once; returns (regular fonts, bold fonts) in trying order."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    regular, bold = [], []
    for name, regular_file, bold_file in FAMILIES:
        font = TTFont(name, FONTS / regular_file)
        pdfmetrics.registerFont(font)
        regular.append(_Font(name, frozenset(font.face.charToGlyph)))
        if bold_file:
            font = TTFont(f"{name}-Bold", FONTS / bold_file)
            pdfmetrics.registerFont(font)
            bold.append(_Font(f"{name}-Bold", frozenset(font.face.charToGlyph)))
        else:
            bold.append(regular[-1])
    return tuple(regular), tuple(bold)


def is_right_to_left(text):
    """Whether the text starts, in the bidirectional algorithm's sense, right to left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def alignment(text):
    """Right for text that reads right to left, else left."""
    return TA_RIGHT if is_right_to_left(text) else TA_LEFT


def markup(text, *, width, size, bold=False):
    """Paragraph markup for ``text`` set in at most ``width`` points at ``size`` points.

    Newlines become line breaks; ReportLab's markup characters are escaped.
    """
    family = fonts()[1 if bold else 0]
    lines = []
    for paragraph in str(text).split("\n"):
        if _has_right_to_left(paragraph):
            for line in _wrap(paragraph, width, size, family):
                lines.append(_runs(_display(line), family))
        else:
            lines.append(_runs(paragraph.translate(_BIDI_CONTROLS), family))
    return "<br/>".join(lines)


def _has_right_to_left(text):
    return any(
        unicodedata.bidirectional(char) in ("R", "AL", "RLE", "RLO", "RLI") for char in text
    )


def _display(line):
    """One line shaped and in the order it is printed, without its direction marks."""
    return get_display(arabic_reshaper.reshape(line)).translate(_BIDI_CONTROLS)


def _font_for(char, family, current=None):
    """The font for ``char``: the one in use if it has it (punctuation and digits stay with
    the word around them), else the first one that has it."""
    code = ord(char)
    if current is not None and (char == " " or code in current.covers):
        return current
    return next((font for font in family if code in font.covers), family[0])


def _runs(text, family):
    spans = []
    current, run = None, ""
    for char in text:
        font = _font_for(char, family, current)
        if font is not current and run:
            spans.append(f'<font name="{current.name}">{escape(run)}</font>')
            run = ""
        current = font
        run += char
    if run:
        spans.append(f'<font name="{current.name}">{escape(run)}</font>')
    return "".join(spans)


def _width(text, size, family):
    return sum(pdfmetrics.stringWidth(char, _font_for(char, family).name, size) for char in text)


def _wrap(paragraph, width, size, family):
    """Break a logical paragraph into lines that fit, before they are put in display order."""
    lines, line = [], ""
    for word in paragraph.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _width(_display(candidate), size, family) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines
