"""Command-line tasks: the first administrator, demo data, the workers and the daily jobs."""

import sys
import time

import click
from flask import current_app

from eservices import parsers
from eservices.accounts import passwords
from eservices.extensions import db
from eservices.youth.cli import election_group


def register(app):
    """Add the platform's commands to `flask`."""
    app.cli.add_command(create_staff)
    app.cli.add_command(demo_group)
    app.cli.add_command(outbox_group)
    app.cli.add_command(drafts_group)
    app.cli.add_command(webhooks_group)
    app.cli.add_command(retention_group)
    app.cli.add_command(audit_group)
    app.cli.add_command(keys_group)
    app.cli.add_command(election_group)


def _email_address(_context, _param, value):
    try:
        parsers.check_email_address(value)
    except parsers.InputError as exc:
        if exc.reason == "ascii":
            raise click.BadParameter(
                "mail cannot be sent to an address with å, ä, ö or other letters outside a–z"
            ) from None
        raise click.BadParameter("not an e-mail address") from None
    return value


@click.command("create-staff")
@click.option("--email", prompt=True, callback=_email_address, help="Log-in e-mail address.")
@click.option("--given-name", prompt="First name")
@click.option("--family-name", prompt="Last name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    default=["admin"],
    show_default=True,
    help="A role to grant (repeatable).",
)
@click.password_option(help="The password (asked for when not given).")
def create_staff(email, given_name, family_name, roles, password):
    """Create a staff account, for example the first administrator."""
    from eservices.accounts import services
    from eservices.permissions import ROLES

    unknown = set(roles) - set(ROLES)
    if unknown:
        raise click.BadParameter(f"unknown role(s): {', '.join(sorted(unknown))}")
    problems = passwords.password_problems(password, email=email)
    if problems:
        raise click.BadParameter(f"the password is not accepted: {', '.join(problems)}")
    try:
        user = services.create_staff(
            email, given_name, family_name, roles=roles, password=password
        )
    except services.AccountError as exc:
        raise click.ClickException(f"cannot create the account: {exc.code}") from None
    click.echo(f"Created {user.login_email} with roles: {', '.join(sorted(user.role_names))}")


@click.group("demo")
def demo_group():
    """Demonstration data."""


@demo_group.command("load")
def demo_load():
    """Load demo units, committees and accounts (running it twice changes nothing)."""
    from eservices import demo

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is never loaded in production")
    demo.load()
    click.echo(demo.summary())


@click.group("outbox")
def outbox_group():
    """The e-mail outbox."""


@outbox_group.command("run")
@click.option("--once", is_flag=True, help="Send what is due and stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def outbox_run(once, interval):
    """Send due e-mail, retrying failures with backoff; runs until stopped."""
    from eservices.notifications.services import send_due

    _run_worker(send_due, "sent", once, interval)


def _run_worker(step, done, once, interval):
    """Call step() every ``interval`` seconds (once with --once), reporting what it did."""
    while True:
        succeeded, failed = step()
        if succeeded or failed:
            click.echo(f"{done} {succeeded}, failed {failed}")
        db.session.remove()
        if once:
            sys.exit(0)
        time.sleep(interval)


@click.group("webhooks")
def webhooks_group():
    """Pushing cases and their changes to units' back-end systems."""


@webhooks_group.command("run")
@click.option("--once", is_flag=True, help="Push what is due and stop.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
def webhooks_run(once, interval):
    """Push cases' events to units' webhooks, retrying failures with backoff, until stopped."""
    from eservices.integrations.services import deliver_due

    _run_worker(deliver_due, "delivered", once, interval)


@click.group("drafts")
def drafts_group():
    """Unsubmitted e-service answers."""


@drafts_group.command("purge")
def drafts_purge():
    """Delete drafts past their expiry (DRAFT_DAYS); run it daily, e.g. from cron."""
    from eservices.submissions.services import purge_expired_drafts

    click.echo(f"deleted {purge_expired_drafts()} expired drafts")


@click.group("retention")
def retention_group():
    """Anonymising closed cases once their e-service's retention has passed (gallring)."""


@retention_group.command("run")
@click.option("--dry-run", is_flag=True, help="List what would be anonymised; change nothing.")
def retention_run(dry_run):
    """Anonymise closed cases past their retention and delete old sent e-mail; run it daily."""
    from eservices.retention.services import run

    report = run(dry_run=dry_run)
    if dry_run:
        click.echo("Dry run: nothing is changed.")
    for line in report.lines():
        click.echo(line)


@click.group("audit")
def audit_group():
    """The audit log."""


@audit_group.command("verify")
def audit_verify():
    """Check the audit log's hash chain; exits 1 at the first broken link (docs/audit.md)."""
    from eservices.audit import chain

    result = chain.verify()
    if not result.ok:
        click.echo(f"The audit log's chain is broken: {result.problem}.", err=True)
        sys.exit(1)
    seq, last = result.head or (0, chain.GENESIS)
    click.echo(
        f"The audit log's chain holds: {result.checked} entries; entry {seq} ends in {last}."
    )


@click.group("keys")
def keys_group():
    """Rotating the field encryption keys and the personnummer hash key (docs/keys.md)."""


@keys_group.command("reencrypt")
def keys_reencrypt():
    """Encrypt every stored value and file anew with the first of FIELD_ENCRYPTION_KEYS."""
    from eservices import keys
    from eservices.attachments import storage

    rotation = keys.reencrypt_columns()
    rotation.changed["attachment files"], rotation.unreadable["attachment files"] = (
        storage.reencrypt_files()
    )
    _report_rotation(rotation, "every key but the first in FIELD_ENCRYPTION_KEYS")


@keys_group.command("rehash")
def keys_rehash():
    """Move every keyed personnummer hash from PNR_HMAC_PREVIOUS_KEYS to PNR_HMAC_KEY."""
    from eservices import keys

    _report_rotation(keys.rehash_all(), "the keys in PNR_HMAC_PREVIOUS_KEYS")


def _report_rotation(rotation, old_keys):
    for line in rotation.lines():
        click.echo(line)
    if any(rotation.unreadable.values()):
        raise click.ClickException(f"some values were left as they were: keep {old_keys}")
    click.echo(f"Done: {old_keys} can now be removed.")
