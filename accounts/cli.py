"""Account commands: `create-user` and `tokens create|list|revoke`."""

import sys
from functools import wraps

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale

from accounts.services import create_user, find_user_by_email, issue_api_token, revoke_api_token
from core.auth import ROLES
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db


def _in_english(command):
    """Run a command with English messages: outside a request the locale selector cannot choose."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale("en"):
            return command(*args, **kwargs)

    return wrapper


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The user's role.")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@_in_english
def create_user_command(email, role, display_name, password_stdin):
    """Create a user with ROLE; asks for the password unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(db.session, email, password, role, display_name=display_name, now=utcnow())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@click.group("tokens")
def tokens_group():
    """Manage API tokens."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="cli", help="A name to recognise the token by.")
@with_appcontext
@_in_english
def create_token_command(email, name):
    """Create an API token for EMAIL; the token is the last line printed."""
    user = find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    raw = issue_api_token(db.session, user, name, now=utcnow())
    db.session.commit()
    click.echo(f"Token for {user.email} ({user.role}). Store it now; it is not shown again:")
    click.echo(raw)


@tokens_group.command("list")
@click.argument("email")
@with_appcontext
def list_tokens_command(email):
    """List EMAIL's tokens (prefix, name, state)."""
    user = find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    for token in user.tokens:
        state = "revoked" if token.is_revoked else "active"
        click.echo(f"{token.id}\t{token.prefix}…\t{token.name}\t{state}")


@tokens_group.command("revoke")
@click.argument("email")
@click.argument("token_id", type=int)
@with_appcontext
@_in_english
def revoke_token_command(email, token_id):
    """Revoke token TOKEN_ID of EMAIL."""
    user = find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    try:
        revoke_api_token(db.session, user, token_id, now=utcnow(), actor=None)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo("Revoked.")


def register_commands(app: Flask) -> None:
    """Attach the account commands to the app's CLI."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(tokens_group)
