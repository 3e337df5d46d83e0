"""Content kept as data: YAML files that the municipality owns, checked like code.

``forms/`` (the e-services, read by ``catalogue``) is one such folder; each kind of content
brings its own schema and dataclasses and uses this package for the rest: YAML read with
the line of every key, one error format (``file:line: path: message``), a checker that
reports every problem in a file at once, loading once per process, refusing to start,
and a ``flask <name> check`` command that works when the app cannot start.

A new kind of content, say ``moderation/`` with a rulebook, takes four small pieces::

    from eservices import content

    # 1. The schema: check a file's YAML and return every problem, in line order.
    def check_rulebook(data, file):
        check = content.Checker(file)
        if check.document(data, "a rulebook {reasons}"):
            check.keys(data, (), ("reasons",))
            for key in data.get("reasons", {}):
                check.text(data["reasons"], key, ("reasons",))
        return check.in_line_order()

    # 2. Loading: read, check, build the dataclasses (raise DefinitionErrors listing all).
    def load_rulebook(directory):
        path = content.folder(directory) / "rulebook.yaml"
        data = content.read(path)
        content.raise_if(check_rulebook(data, str(path)))
        return Rulebook({key: content.text_from(t) for key, t in data["reasons"].items()})

    # 3. At start-up (from create_app): broken files stop the app, naming the command.
    content.load_at_start(app, "rulebook", load_rulebook, app.config["MODERATION_DIR"],
                          command="flask moderation check")

    # 4. The command; setup.cfg lists it under [options.entry_points] flask.commands as
    #    moderation = eservices.moderation.cli:moderation_group
    moderation_group = content.check_group(
        "moderation", description="The moderation rulebook (moderation/*.yaml).",
        load=load_rulebook, summary=lambda rulebook: f"{len(rulebook.reasons)} reasons OK")

What there is:

- ``read(path)``: the YAML of one file as ``YamlMap`` (a dict) and ``YamlList`` (a list),
  each knowing the line of every key and item; ``yes``/``no`` and dates stay text. Raises
  ``DefinitionErrors`` when the file cannot be read or is not valid YAML.
- ``folder(path)``: the path, or ``DefinitionErrors`` when it is not a folder.
- ``DefinitionError(file, line, path, message)``: ``str()`` is ``file:line: path: message``;
  ``DefinitionErrors(errors)`` carries several; ``raise_if(errors)`` raises them if any.
- ``Checker(file)``: ``document`` (duplicate keys, the file is a mapping), ``keys``
  (missing and unknown keys, with "did you mean"), ``mapping``, ``sequence``, ``text``
  (``{sv, en, sv_easy}``), ``boolean``, ``integer``, ``slug``, ``matches``, ``choice``,
  ``error``/``error_at`` for the schema's own rules, and ``in_line_order()``.
  ``describe(value)`` and ``one_of(choices)`` word messages alike.
- ``Text`` and ``text_from(raw)``: a checked text as a dataclass with ``get(language)``.
- ``load_once(load, directory)``: ``load(directory)`` cached while the files are unchanged.
- ``load_at_start(app, name, load, directory, command=...)``: into ``app.extensions``.
- ``check_group(name, description=, load=, summary=, options=(), also=None)``: the click
  group with ``check [--dir DIR]`` (``--dir`` defaults to ``<repository>/<name>``).
"""

from eservices.content.checker import (
    LANGUAGES,
    SLUG,
    SLUG_RULE,
    Checker,
    KeyPath,
    as_value,
    describe,
    is_number,
    one_of,
)
from eservices.content.cli import check_group
from eservices.content.errors import DefinitionError, DefinitionErrors, format_path
from eservices.content.loading import folder, load_at_start, load_once, raise_if, read
from eservices.content.text import Text, text_from
from eservices.content.yamlsource import YamlList, YamlMap

__all__ = [
    "LANGUAGES", "SLUG", "SLUG_RULE", "Checker", "DefinitionError", "DefinitionErrors",
    "KeyPath", "Text", "YamlList", "YamlMap", "as_value", "check_group", "describe",
    "folder", "format_path", "is_number", "load_at_start", "load_once", "one_of",
    "raise_if", "read", "text_from",
]  # fmt: skip
