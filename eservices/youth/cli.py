"""`flask election …`: the seat split anyone can check, census import and the ballot pool."""

import json
import sys

import click

from eservices.youth import seats


@click.group("election")
def election_group():
    """The youth-council election."""


def _divisor(_context, _param, value):
    if value is None:
        return None
    try:
        return seats.parse_divisor(value)
    except seats.SeatSplitError as exc:
        raise click.BadParameter(str(exc)) from None


@election_group.command("seats")
@click.option(
    "--method",
    type=click.Choice(seats.METHODS),
    required=True,
    help="Largest remainder, Sainte-Laguë, or modified Sainte-Laguë.",
)
@click.option(
    "--first-divisor",
    callback=_divisor,
    help="The first divisor of modified Sainte-Laguë (default 1.2, as in Swedish elections).",
)
@click.option("--seats", "total", type=click.IntRange(min=0), required=True, help="Seats.")
@click.option("--json", "as_json", is_flag=True, help="Print only a JSON list of seats.")
@click.argument("populations", nargs=-1, required=True, type=click.IntRange(min=0))
def seats_command(method, first_divisor, total, as_json, populations):
    """Split seats over areas by their populations, in the order given, with the working.

    A tie for the last seat is reported as a tie and the command exits with status 2.
    """
    if first_divisor is not None and method != seats.MODIFIED_SAINTE_LAGUE:
        raise click.BadParameter(
            "only modified-sainte-lague has a first divisor", param_hint="--first-divisor"
        )
    try:
        result = seats.split(
            method, populations, total, first_divisor=first_divisor or seats.SWEDISH_FIRST_DIVISOR
        )
    except seats.SeatSplitError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        if result.is_tie:
            click.echo(seats.tie_message(result), err=True)
            sys.exit(2)
        click.echo(json.dumps(list(result.seats)))
        return
    for line in seats.working(result):
        click.echo(line)
    if result.is_tie:
        sys.exit(2)
