"""`flask attendance fold [FAIR_CODE …]`: fold the fairs' attendance tallies ahead of their first dashboard."""

import time

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from core.extensions import db
from fairs.models import Fair
from visitors.attendance_tally import fold_tally

attendance_group = AppGroup("attendance", help="Attendance counts.")


@attendance_group.command("fold")
@click.argument("fair_codes", nargs=-1)
@with_appcontext
def fold_command(fair_codes: tuple[str, ...]):
    """Fold the attendance tally of each FAIR_CODE (every fair if none): after a bulk load or an upgrade, the
    first dashboard request would otherwise fold every scan of the fair (seconds at Canton scale)."""
    query = sa.select(Fair).order_by(Fair.id)
    if fair_codes:
        query = query.where(Fair.code.in_([code.upper() for code in fair_codes]))
    fairs = list(db.session.scalars(query))
    missing = {code.upper() for code in fair_codes} - {fair.code for fair in fairs}
    if missing:
        raise click.ClickException(f"No fair with code {', '.join(sorted(missing))}.")
    for fair in fairs:
        started = time.perf_counter()
        counts = fold_tally(db.session, fair.id, timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
        db.session.rollback()  # the tally is stored in transactions of its own; this session only read
        click.echo(f"{fair.code}: {sum(counts.days.values()):,} admissions folded in "
                   f"{time.perf_counter() - started:.1f} s")


def register_commands(app: Flask) -> None:
    """Attach `flask attendance`."""
    app.cli.add_command(attendance_group)
