"""`flask forms check`: validate the e-service definitions in forms/."""

from __future__ import annotations

from contextlib import nullcontext

import click
from flask import has_app_context
from flask.cli import ScriptInfo
from sqlalchemy import select

from eservices import content
from eservices.catalogue.definitions import check_units, load_directory


def _unknown_units(catalogue, units):
    return check_units(catalogue, _known_unit_slugs()) if units else []


def _known_unit_slugs() -> set[str]:
    from eservices.extensions import db
    from eservices.organisation.models import UNIT, Unit

    if has_app_context():
        context = nullcontext()
    else:
        context = click.get_current_context().ensure_object(ScriptInfo).load_app().app_context()
    with context:
        return set(db.session.scalars(select(Unit.slug).where(Unit.kind == UNIT)))


forms_group = content.check_group(
    "forms",
    description="E-service definitions (forms/*.yaml).",
    load=load_directory,
    summary=lambda catalogue: f"{len(catalogue)} e-services OK",
    options=(
        click.Option(
            ["--units"], is_flag=True, help="Also check unit slugs against the units table."
        ),
    ),
    also=_unknown_units,
)


def register(app):
    """Add `flask forms ...` to the app's commands."""
    app.cli.add_command(forms_group)
