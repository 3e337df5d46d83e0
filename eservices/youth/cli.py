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


def _election(year):
    from sqlalchemy import select

    from eservices.extensions import db
    from eservices.youth.models import Election

    election = db.session.scalar(select(Election).where(Election.year == year))
    if election is None:
        raise click.ClickException(f"there is no election in {year}")
    return election


@election_group.command("close")
@click.argument("year", type=int)
@click.option("--early", is_flag=True, help="Close even though the voting window is not over.")
def close_command(year, early):
    """Close voting and move every ballot out of the pending pool, for the count."""
    from eservices.database import utcnow
    from eservices.youth import voting

    election = _election(year)
    if election.closed_at is not None:
        click.echo(f"Voting in {year} was already closed.")
        return
    if utcnow() < election.voting_closes_at and not early:
        raise click.ClickException("voting is still open; give --early to close it now")
    voting.close_voting(election)
    click.echo(f"Voting in {year} is closed; every ballot is in the count.")


@election_group.command("tick")
def tick_command():
    """Close every election whose voting window has ended, and move the pool when it may be
    moved: safe to run as often as you like (e.g. every few minutes from cron)."""
    from sqlalchemy import select

    from eservices.database import utcnow
    from eservices.extensions import db
    from eservices.youth import voting
    from eservices.youth.models import Election
    from eservices.youth.secrecy import pool

    ended = db.session.scalars(
        select(Election).where(Election.closed_at.is_(None), Election.voting_closes_at <= utcnow())
    ).all()
    for election in ended:
        voting.close_voting(election)
        click.echo(f"Voting in {election.year} is closed; every ballot is in the count.")
    click.echo(f"moved {pool.flush_if_ready()} ballots")


@election_group.command("move-pool")
def move_pool_command():
    """Move the pending pool if every waiting area has K ballots (e.g. from cron)."""
    from eservices.youth.secrecy import pool

    click.echo(f"moved {pool.flush_if_ready()} ballots")


@election_group.command("import-census")
@click.argument("year", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_census_command(year, path):
    """Import the census from a CSV file; rejected rows are listed by line and reason."""
    from flask import current_app

    from eservices.youth import census

    election = _election(year)
    with current_app.test_request_context(headers={"Cookie": "lang=en"}):
        try:
            with open(path, "rb") as file:
                report = census.import_csv(election, file.read())
        except census.CensusError as exc:
            raise click.ClickException(str(exc)) from None
        for line, reasons in report.rejected:
            click.echo(f"{path}:{line}: " + " ".join(str(r) for r in reasons))
    click.echo(f"{report.added} added, {report.updated} updated, {len(report.rejected)} rejected")
    if report.rejected:
        sys.exit(1)


@election_group.command("verify")
@click.argument("source")
def verify_command(source):
    """Count a certified result again and check its hashes: SOURCE is the downloaded
    resultat.json, or a year to check the result certified in this database.

    Exits with status 1 and says what differs when any ballot, count or hash does not match.
    """
    from eservices.youth import results

    if source.isdigit() and len(source) == 4:
        result = results.of(_election(int(source)))
        if result is None or not result.certified:
            raise click.ClickException(f"the result of {source} is not certified")
        document = result.published()
    else:
        try:
            with open(source, encoding="utf-8") as file:
                document = json.load(file)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"cannot read {source}: {exc}") from None
    try:
        problems = results.verify(document)
    except (KeyError, TypeError) as exc:
        raise click.ClickException(f"{source} is not a result document: missing {exc}") from None
    if problems:
        for problem in problems:
            click.echo(problem)
        sys.exit(1)
    ballots = len(document["ballots"])
    click.echo(f"The result of {document['election']} is sound: {ballots} ballots counted again,")
    click.echo(f"the same result, and the hash {document['result_hash']}.")
