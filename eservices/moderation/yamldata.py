"""The YAML machinery the rulebook shares with the e-service definitions, imported here only.

Line-aware parsing, the ``file:line: path: message`` error format, the schema checker and
the two-language text come from the catalogue; the rest of this package imports them from
this module, so that where they live is said once.
"""

from pathlib import Path
from typing import Any

from eservices.catalogue.errors import DefinitionError, DefinitionErrors
from eservices.catalogue.fields import Text, text_from
from eservices.catalogue.schema import SLUG, SLUG_RULE, Checker, describe, is_number, one_of
from eservices.catalogue.yamlsource import YamlList, YamlMap, duplicate_keys, parse

__all__ = [
    "SLUG", "SLUG_RULE", "Checker", "DefinitionError", "DefinitionErrors", "Text", "YamlList",
    "YamlMap", "describe", "duplicate_keys", "is_number", "one_of", "read", "text_from",
]  # fmt: skip


def read(path: str | Path) -> Any:
    """Parse one YAML file; raise DefinitionErrors when it cannot be read or parsed."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DefinitionErrors([DefinitionError(str(path), None, "", exc.strerror)]) from None
    except UnicodeDecodeError:
        raise DefinitionErrors([DefinitionError(str(path), None, "", "not UTF-8 text")]) from None
    try:
        return parse(text, str(path))
    except DefinitionError as error:
        raise DefinitionErrors([error]) from None
