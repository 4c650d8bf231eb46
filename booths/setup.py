"""Wire the three booth domains into the app: the occupancy layout reads, template globals, commands, jobs,
the publication e-mails and the demo (layout, applications, then an allocation)."""

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from accounts.services import find_user_by_email
from booths.allocation.cli import register_commands
from booths.allocation.runs import allocation_job, previews_waiting, run_allocation
from booths.applications.assignments import booths_held, booths_of, held_booths, occupants
from booths.applications.delegations import JOB_KIND as DELEGATION_IMPORT
from booths.applications.delegations import run_delegation_import
from booths.applications.demo import DEMO_EXHIBITOR_EMAIL, load_demo_applications, load_demo_open_applications
from booths.applications.export_job import JOB_KIND as EXPORT_JOB_KIND
from booths.applications.export_job import applications_export_job
from booths.applications.models import BoothApplication
from booths.applications.plan_search import hall_occupants, search_holders
from booths.applications.publication import on_fair_status_changed, step_notices
from booths.applications.queue import applications_waiting
from booths.layout.demo import DEMO_HALLS, OPEN_FAIR_HALLS, OPEN_FAIR_ZONES, load_demo_halls
from booths.layout.floorplan import on_dark
from booths.layout.forms import BOOTH_TYPE_LABELS, ZONE_KIND_LABELS
from booths.layout.import_job import KIND as BOOTH_IMPORT
from booths.layout.import_job import run_booth_import
from booths.layout.models import Hall
from booths.layout.occupancy import register_occupancy
from booths.layout.plan_job import JOB_KIND as PLAN_PDF_JOB
from booths.layout.plan_job import plan_pdf_job
from core.auth import register_landing_page
from core.demo import register_demo_loader
from core.jobs import register_job_handler
from core.jobs.imports import import_job_handler
from enterprises.models import Enterprise
from fairs.models import Fair
from fairs.services import change_fair_status
from fairs.setup import DEMO_FAIR_CODE, DEMO_OPEN_FAIR_CODE
from fairs.signals import fair_status_changed
from fairs.work import WorkItem, register_fair_work, register_step_notice


def load_demo_layout(session, now) -> list[str]:
    """The running demo fair's layout, applications and committed allocation, published and open at the gates;
    the open demo fair's hall and the applications waiting for review."""
    lines = []
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    if fair is not None:
        lines += _load_running_fair(session, fair, now)
    open_fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_OPEN_FAIR_CODE))
    if open_fair is not None and session.scalar(sa.select(Hall.id).where(Hall.fair_id == open_fair.id)
                                                .limit(1)) is None:
        total = load_demo_halls(session, open_fair, now, halls=OPEN_FAIR_HALLS, zone_values=OPEN_FAIR_ZONES,
                                blocked=())
        waiting = load_demo_open_applications(session, open_fair, now)
        lines.append(f"Demo open fair: {total} booths, {waiting} applications waiting for review")
    return lines


def _load_running_fair(session, fair: Fair, now) -> list[str]:
    if session.scalar(sa.select(Hall.id).where(Hall.fair_id == fair.id).limit(1)) is not None:
        return ["Demo layout and applications: already there"]
    total = load_demo_halls(session, fair, now)
    applications = load_demo_applications(session, fair, now)
    lines = [f"Demo layout: {total} booths in {len(DEMO_HALLS)} halls",
             f"Demo applications: {applications} enterprises"]
    organizer = find_user_by_email(session, "organizer@demo.hoicho.vn")
    if organizer is None:
        return lines
    change_fair_status(session, fair, "allocating", actor=organizer, now=now)
    run = run_allocation(session, fair, seed=2019, dry_run=False, actor=organizer, now=now)
    lines.append(f"Demo allocation: {run.metrics['booths_granted']} booths assigned to approved applications")
    for status in ("published", "running"):
        change_fair_status(session, fair, status, actor=organizer, now=now)
    exhibitor = session.scalar(sa.select(BoothApplication).join(Enterprise).where(
        BoothApplication.fair_id == fair.id, Enterprise.email == DEMO_EXHIBITOR_EMAIL))
    if exhibitor is not None:
        codes = ", ".join(booth.code for booth in booths_of(session, exhibitor))
        lines.append(f"Demo exhibitor {DEMO_EXHIBITOR_EMAIL}: {exhibitor.enterprise.legal_name}, booths {codes}")
    return lines


def fair_work(session, fairs: list[Fair]) -> dict[int, list[WorkItem]]:
    """What waits on each fair in the booth domains: applications to review, an allocation preview to commit,
    support grants to decide."""
    ids = [fair.id for fair in fairs]
    waiting, previews = applications_waiting(session, ids), previews_waiting(session, ids)
    work: dict[int, list[WorkItem]] = {}
    for fair_id in ids:
        counts = waiting[fair_id]
        work[fair_id] = [
            WorkItem("applications", counts["to_review"],
                     ngettext("application to review", "applications to review", counts["to_review"]),
                     "booths.review_queue", {"fair_id": fair_id, "status": "submitted"}),
            WorkItem("allocation", int(fair_id in previews), _("allocation preview to commit"),
                     "booths.allocation", {"fair_id": fair_id}),
            WorkItem("grants", counts["support_to_decide"],
                     ngettext("support grant to decide", "support grants to decide", counts["support_to_decide"]),
                     "booths.review_queue", {"fair_id": fair_id, "status": "approved", "support": "ungranted"}),
        ]
    return work


def init_booths(app: Flask) -> None:
    """Register the booth domains' template globals, occupancy reads, commands, jobs, signals and demo."""
    register_occupancy(assigned=booths_held, holders=occupants, held_select=held_booths, hall_holders=hall_occupants,
                       search=search_holders)
    app.jinja_env.globals.update(BOOTH_TYPE_LABELS=BOOTH_TYPE_LABELS, ZONE_KIND_LABELS=ZONE_KIND_LABELS)
    app.jinja_env.filters["on_dark"] = on_dark
    register_demo_loader(30, "booths", load_demo_layout)
    register_landing_page("exhibitor", "booths.portal")
    register_commands(app)
    register_job_handler(app, "allocation.preview", allocation_job)
    register_job_handler(app, BOOTH_IMPORT, import_job_handler(run_booth_import))
    register_job_handler(app, DELEGATION_IMPORT, import_job_handler(run_delegation_import))
    register_job_handler(app, EXPORT_JOB_KIND, applications_export_job)
    register_job_handler(app, PLAN_PDF_JOB, plan_pdf_job)
    fair_status_changed.connect(on_fair_status_changed)
    register_fair_work(fair_work)
    register_step_notice(step_notices)
