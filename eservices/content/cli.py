"""A `flask <name> check` command for a folder of content files."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from eservices.content.errors import DefinitionError, DefinitionErrors

REPOSITORY = Path(__file__).resolve().parents[2]


def check_group(
    name: str,
    *,
    description: str,
    load: Callable[[Path], Any],
    summary: Callable[[Any], str],
    options: tuple[click.Option, ...] = (),
    also: Callable[..., list[DefinitionError]] | None = None,
) -> click.Group:
    """A click group ``name`` with ``check [--dir DIR]``, for `[options.entry_points]`.

    ``check`` loads the folder (``<repository>/<name>`` by default) with ``load``, prints
    each problem as ``file:line: path: message`` and exits 1, or prints ``summary(result)``.
    ``options`` are more click options for ``check``; ``also(result, **options)`` returns
    further problems (a check against the database, say).

    It is a plain click group, not Flask's AppGroup: checking files needs no application,
    and a broken file, which stops the app from starting, must not stop the check that
    reports it. Whatever needs the app (``also``) loads it itself.
    """

    @click.group(name, help=description)
    def group():
        pass

    @group.command("check")
    @click.option(
        "--dir",
        "directory",
        type=click.Path(file_okay=False, path_type=Path),
        default=REPOSITORY / name,
        show_default=f"{name}/",
        help="The folder of files.",
    )
    def check(directory, **chosen):
        """Check every file; print each problem as file:line: path: message."""
        try:
            result = load(_for_display(directory))
        except DefinitionErrors as exc:
            _fail(exc.errors)
        if also is not None:
            problems = also(result, **chosen)
            if problems:
                _fail(problems)
        click.echo(summary(result))

    check.params.extend(options)
    return group


def _fail(errors):
    for error in errors:
        click.echo(str(error), err=True)
    sys.exit(1)


def _for_display(directory: Path) -> Path:
    """Name files relative to the working directory when they are inside it."""
    try:
        return directory.resolve().relative_to(Path.cwd())
    except ValueError:
        return directory
