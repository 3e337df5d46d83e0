"""`flask proposals tick`: the scheduled run over open proposals (see closing.py)."""

import click

from eservices.proposals import bp, closing


@bp.cli.command("tick")
def tick():
    """Close proposals whose support period ended below the threshold (idempotent)."""
    for line in closing.tick().lines():
        click.echo(line)
