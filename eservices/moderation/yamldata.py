"""The YAML machinery the rulebook shares with the e-service definitions, imported here only.

Line-aware parsing, the ``file:line: path: message`` error format, the schema checker and
the two-language text come from ``eservices.content``; the rest of this package imports them from
this module, so that where they live is said once.
"""

from eservices.content import (
    SLUG,
    SLUG_RULE,
    Checker,
    DefinitionError,
    DefinitionErrors,
    Text,
    YamlList,
    YamlMap,
    describe,
    is_number,
    one_of,
    read,
    text_from,
)
from eservices.content.yamlsource import duplicate_keys

__all__ = [
    "SLUG", "SLUG_RULE", "Checker", "DefinitionError", "DefinitionErrors", "Text", "YamlList",
    "YamlMap", "describe", "duplicate_keys", "is_number", "one_of", "read", "text_from",
]  # fmt: skip
