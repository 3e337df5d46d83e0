"""Reading YAML while remembering where each key and item was written.

Mappings become ``YamlMap`` (a dict) and sequences ``YamlList`` (a list), each knowing its
own line and the line of every key or item, so that a validation error can point at the
line to fix. Duplicate keys, which PyYAML silently resolves to the last one, are recorded
on the mapping instead of being lost.

Two YAML 1.1 rules are switched off because they surprise people who edit these files:
only ``true`` and ``false`` are booleans (``yes``, ``no``, ``on`` and ``off`` stay text,
which matters because "yes" and "no" are the values of yes/no fields), and dates stay text
(``2025-01-31``), checked where a date is expected.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from eservices.content.errors import DefinitionError

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlMap(dict):
    """A mapping read from YAML, with the line of the mapping and of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int, int]] = []  # (key, line, first line)

    def line_of(self, key: Any) -> int:
        """Return the line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A sequence read from YAML, with the line of the sequence and of each item."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        """Return the line of item ``index``."""
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """A safe loader that builds YamlMap and YamlList with line numbers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    own_keys = {id(key) for key, _ in node.value if key.tag != _MERGE_TAG}
    loader.flatten_mapping(node)
    mapping = YamlMap(_line(node))
    written: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            ) from None
        # Keys brought in by a merge (<<: *anchor) may be overridden; only keys written
        # twice in this mapping itself are a mistake.
        if id(key_node) in own_keys:
            if key in written:
                mapping.duplicates.append((key, _line(key_node), written[key]))
            written.setdefault(key, _line(key_node))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = _line(key_node)
    return mapping


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    sequence = YamlList(_line(node))
    for item in node.value:
        sequence.append(loader.construct_object(item, deep=True))
        sequence.item_lines.append(_line(item))
    return sequence


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def parse(text: str, file: str) -> Any:
    """Parse one YAML document; raise DefinitionError naming the line of a syntax error."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except yaml.YAMLError as exc:
        raise DefinitionError(file, None, "", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> DefinitionError:
    """Name the line where the parser gave up and, if elsewhere, where the construct began."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    message = f"invalid YAML: {exc.problem or exc.context}"
    if exc.problem and exc.context and exc.context_mark:
        began = exc.context_mark.line + 1
        message += f" ({exc.context} on line {began})" if began != line else f" ({exc.context})"
    return DefinitionError(file, line, "", message)


def duplicate_keys(value: Any, path: tuple[str | int, ...] = ()):
    """Yield (line, path, key, first line) for each key written twice in one mapping."""
    if isinstance(value, YamlMap):
        for key, line, first in value.duplicates:
            yield line, path, key, first
        for key, item in value.items():
            yield from duplicate_keys(item, (*path, str(key)))
    elif isinstance(value, YamlList):
        for index, item in enumerate(value):
            yield from duplicate_keys(item, (*path, index))
