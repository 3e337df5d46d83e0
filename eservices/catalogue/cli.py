"""`flask forms check`: validate the e-service definitions in forms/."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask import has_app_context
from flask.cli import ScriptInfo
from sqlalchemy import select

from eservices.catalogue.definitions import DefinitionErrors, check_units, load_directory

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"


def register(app):
    """Add `flask forms ...` to the app's commands."""
    app.cli.add_command(forms_group)


# A plain click group rather than Flask's AppGroup: checking files needs no application,
# and a broken definition must not stop the check that reports it. Only --units needs
# the database, and loads the app itself.
@click.group("forms")
def forms_group():
    """E-service definitions (forms/*.yaml)."""


@forms_group.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=FORMS_DIR,
    show_default="forms/",
    help="The folder of definitions.",
)
@click.option("--units", is_flag=True, help="Also check unit slugs against the units table.")
def forms_check(directory, units):
    """Check every definition; print each problem as file:line: path: message."""
    try:
        catalogue = load_directory(_for_display(directory))
    except DefinitionErrors as exc:
        _fail(exc.errors)
    if units:
        problems = check_units(catalogue, _known_unit_slugs())
        if problems:
            _fail(problems)
    click.echo(f"{len(catalogue)} e-services OK")


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


def _known_unit_slugs() -> set[str]:
    from eservices.extensions import db
    from eservices.organisation.models import UNIT, Unit

    if has_app_context():
        context = nullcontext()
    else:
        context = click.get_current_context().ensure_object(ScriptInfo).load_app().app_context()
    with context:
        return set(db.session.scalars(select(Unit.slug).where(Unit.kind == UNIT)))
