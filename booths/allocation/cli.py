"""`flask allocate FAIR_CODE [--commit] [--seed N]`: run the allocation engine and print its metrics."""

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from accounts.models import User
from booths.allocation.runs import run_allocation
from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from fairs.models import Fair


@click.command("allocate")
@click.argument("fair_code")
@click.option("--commit", is_flag=True, help="Assign the booths (default: a preview that assigns nothing).")
@click.option("--seed", default=0, show_default=True, help="Random seed for ties (same seed, same result).")
@with_appcontext
def allocate_command(fair_code: str, commit: bool, seed: int):
    """Allocate the approved applications of FAIR_CODE and print the metrics table."""
    fair = db.session.scalar(sa.select(Fair).where(Fair.code == fair_code.upper()))
    if fair is None:
        raise click.ClickException(f"No fair with code {fair_code}.")
    actor = db.session.scalar(sa.select(User).where(User.role.in_(("admin", "organizer")), User.active.is_(True))
                              .order_by(User.id))
    if actor is None:
        raise click.ClickException("Create an organizer or admin first (flask create-user).")
    try:
        run = run_allocation(db.session, fair, seed=seed, dry_run=not commit, actor=actor, now=utcnow())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Allocation run {run.id} for {fair.code}: {run.status}")
    width = max(len(name) for name in run.metrics)
    for name, value in run.metrics.items():
        click.echo(f"  {name.ljust(width)}  {value}")


def register_commands(app: Flask) -> None:
    """Attach `flask allocate`."""
    app.cli.add_command(allocate_command)
