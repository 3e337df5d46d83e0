"""Swedish is the site's default language: every English msgid must have Swedish.

These tests read the source tree and the catalog only; they need no app and no database.
See docs/translations.md for how to extract, update and compile.
"""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BABEL_CFG = ROOT / "babel.cfg"
SV_PO = ROOT / "eservices" / "translations" / "sv" / "LC_MESSAGES" / "messages.po"

# The same keywords as `make extract-messages` (see docs/translations.md).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_message": None}

# %(name)s, %(count)d, %(share).1f ...: what Python's % operator substitutes by name.
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def _catalog():
    with SV_PO.open("rb") as f:
        return read_po(f, locale="sv")


def _strings(value):
    """A msgid or msgstr as a tuple of strings, so plural forms are checked too."""
    return value if isinstance(value, tuple) else (value,)


def _entries():
    return [message for message in _catalog() if message.id]


def _source_msgids():
    """Every msgid the source tree asks for, extracted as pybabel extract would."""
    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(BABEL_CFG))
    found = {}
    for filename, _lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((msgid, context), filename)
    return found


def test_catalog_is_not_fuzzy():
    catalog = _catalog()
    # pybabel compile skips a catalog whose header is fuzzy, leaving the site in English.
    assert not catalog.fuzzy, "The header of the Swedish catalog is marked fuzzy."
    fuzzy = [message.id for message in _entries() if message.fuzzy]
    assert not fuzzy, f"Fuzzy entries in {SV_PO.name}, check and unmark them: {fuzzy}"


def test_every_entry_has_swedish():
    empty = [
        message.id
        for message in _entries()
        if not all(text.strip() for text in _strings(message.string))
    ]
    assert not empty, f"Entries without Swedish in {SV_PO.name}: {empty}"


def test_every_source_string_is_in_the_swedish_catalog():
    in_catalog = {(_strings(message.id)[0], message.context) for message in _entries()}
    missing = {
        key: filename for key, filename in _source_msgids().items() if key not in in_catalog
    }
    listing = "\n".join(f"  {filename}: {msgid!r}" for (msgid, _), filename in missing.items())
    assert not missing, (
        f"{len(missing)} string(s) have no Swedish yet. Run the extract and update commands"
        f" in docs/translations.md and translate them:\n{listing}"
    )


def test_swedish_keeps_the_placeholders():
    def placeholders(value):
        return {found for text in _strings(value) for found in PLACEHOLDER.findall(text)}

    differ = [
        f"  {message.id!r} -> {message.string!r}"
        for message in _entries()
        if placeholders(message.id) != placeholders(message.string)
    ]
    assert not differ, "Placeholders differ between English and Swedish:\n" + "\n".join(differ)
