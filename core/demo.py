"""The `demo` command: each package registers a loader that adds its demo data."""

from collections.abc import Callable

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from core.db import utcnow
from core.extensions import db

# (order, name, loader). A loader takes (session, now) and returns lines to print.
_LOADERS: list[tuple[int, str, Callable]] = []


def register_demo_loader(order: int, name: str, loader: Callable) -> None:
    """Add a package's demo loader; lower `order` runs first. Loaders must be idempotent."""
    if all(existing[1] != name for existing in _LOADERS):
        _LOADERS.append((order, name, loader))
        _LOADERS.sort(key=lambda item: item[0])


def load_demo(session, now) -> list[str]:
    """Run every registered loader in order; return the lines they report."""
    lines: list[str] = []
    for _order, _name, loader in _LOADERS:
        lines.extend(loader(session, now) or [])
    return lines


@click.command("demo")
@click.option("--force", is_flag=True, help="Load the demo even though SECRET_KEY is set (a production sign).")
@with_appcontext
def demo_command(force: bool):
    """Load the demo fair and one user per role (safe to run again)."""
    if current_app.config.get("SECRET_KEY_FROM_ENV") and not force:
        # The demo creates an admin with a published password: never by accident in production.
        raise click.ClickException("SECRET_KEY is set, so this looks like production; "
                                   "the demo adds accounts with a published password. Use --force if you mean it.")
    # Loaders may queue e-mails with links (the plan's publication): without PUBLIC_BASE_URL, they point at
    # the development server that `flask run` starts.
    base_url = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base_url):
        lines = load_demo(db.session, utcnow())
        db.session.commit()
    for line in lines:
        click.echo(line)


def register_demo_command(app: Flask) -> None:
    """Attach `flask demo` to the app."""
    app.cli.add_command(demo_command)
