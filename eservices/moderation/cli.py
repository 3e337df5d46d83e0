"""`flask moderation check`: validate the rulebook in moderation/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eservices.moderation.rulebook import load
from eservices.moderation.yamldata import DefinitionErrors

RULES_FILE = Path(__file__).resolve().parents[2] / "moderation" / "rules.yaml"


# A plain click group rather than Flask's AppGroup, registered as a plugin command in
# setup.cfg: a broken rulebook stops the app from starting, and must not stop the check.
@click.group("moderation")
def moderation_group():
    """The moderation rulebook (moderation/rules.yaml)."""


@moderation_group.command("check")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=RULES_FILE,
    show_default="moderation/rules.yaml",
    help="The rulebook file.",
)
def moderation_check(path):
    """Check the rulebook; print each problem as file:line: path: message."""
    try:
        rulebook = load(_for_display(path))
    except DefinitionErrors as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"{len(rulebook.rules)} rules OK")


def _for_display(path: Path) -> Path:
    """Name the file relative to the working directory when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
