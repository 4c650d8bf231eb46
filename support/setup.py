"""Wire support into the app: template globals, the officer-scope command, the demo programmes."""

import click
from flask import Flask
from flask.cli import AppGroup

from accounts.services import find_user_by_email
from core.db import utcnow
from core.demo import register_demo_loader
from core.errors import DomainError
from core.extensions import db
from core.jobs import register_job_handler
from core.jobs.imports import import_job_handler
from enterprises.access import register_officer_province
from support.agencies import get_agency, set_member_agency
from support.demo import load_demo_programmes
from support.forms import CONTENT_LABELS, LEVEL_LABELS, STATUS_LABELS
from support.imports import JOB_KIND as GRANT_IMPORT
from support.imports import run_grant_import
from support.scopes import officer_province, set_officer_province

support_group = AppGroup("support", help="Khuyến công support.")


@support_group.command("officer-province")
@click.argument("email")
@click.option("--province", default="", help="Today's unit or a former name; empty for every province.")
def officer_province_command(email: str, province: str):
    """Limit a reporting officer's reports to one province (or lift the limit)."""
    officer = find_user_by_email(db.session, email)
    if officer is None:
        raise click.ClickException(f"No user {email}.")
    try:
        unit = set_officer_province(db.session, officer, province or None, actor=None, now=utcnow())
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{email}: {unit or 'every province'}")


@support_group.command("agency-member")
@click.argument("email")
@click.option("--agency-id", type=int, default=None, help="The agency's id; left out, the user leaves their agency.")
def agency_member_command(email: str, agency_id: int | None):
    """Put an organizer, officer or admin in an issuing agency (the default heading of their reports)."""
    user = find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    try:
        agency = get_agency(db.session, agency_id) if agency_id else None
        set_member_agency(db.session, user, agency, actor=None, now=utcnow())
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{email}: {agency.name if agency else 'no agency'}")


def init_support(app: Flask) -> None:
    """Register the support package's template globals, command, demo loader and grant import job."""
    app.jinja_env.globals.update(GRANT_CONTENT_LABELS=CONTENT_LABELS, PROGRAMME_LEVEL_LABELS=LEVEL_LABELS,
                                 GRANT_STATUS_LABELS=STATUS_LABELS)
    app.cli.add_command(support_group)
    register_officer_province(officer_province)
    register_demo_loader(25, "support", load_demo_programmes)
    register_job_handler(app, GRANT_IMPORT, import_job_handler(run_grant_import))
