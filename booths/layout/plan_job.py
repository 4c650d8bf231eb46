"""A hall's floor plan as a printable A3 PDF, made in the request for a small hall and by a background job
(`booths.plan_pdf`) for a large one: a Canton hall of 4,600 booths takes WeasyPrint about 3.6 s, more than a
request should wait. The job draws the plan with its starter's rights (checked again when it runs) and keeps the
file in `core.storage`, so whichever server the next request reaches serves it."""

import base64
from datetime import datetime

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from accounts.models import User
from booths.layout.models import Booth, Hall
from booths.layout.plans import EVERYONE, render_hall
from core.errors import NotFound, PermissionDenied
from core.jobs import Job, JobContext, create_job
from core.jobs.progress import estimated_progress
from core.pdf import html_to_pdf
from fairs.models import Fair

JOB_KIND = "booths.plan_pdf"
MANAGERS = ("organizer", "admin")
# What one booth costs to draw and lay out (3.6 s for a hall of 4,625 booths at Canton scale).
BOOTH_SECONDS = 0.0008


def hall_size(session, hall: Hall) -> int:
    """How many booths the hall's plan draws (one COUNT)."""
    return session.scalar(sa.select(sa.func.count()).select_from(Booth).where(Booth.hall_id == hall.id)) or 0


def hall_plan_pdf(session, fair: Fair, hall: Hall, *, mode: str, language: str) -> tuple[bytes, str]:
    """The hall's plan coloured by `mode`, naming every occupant (the organizer's plan), as A3 landscape PDF bytes
    and its file name."""
    svg = render_hall(session, fair, hall, mode=mode, language=language, reveal=EVERYONE)
    image = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    html = render_template("booths/plan_pdf.html", fair=fair, hall=hall, image=image)
    return html_to_pdf(html), f"{fair.code} {hall.name}.pdf"


def start_plan_pdf(session, fair: Fair, hall: Hall, mode: str, *, language: str, actor: User,
                   now: datetime) -> Job:
    """A queued job making `hall`'s plan PDF; the caller commits and launches it."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers print the floor plan."))
    return create_job(session, JOB_KIND, {"fair_id": fair.id, "hall_id": hall.id, "mode": mode,
                                          "language": language}, actor=actor, now=now)


def plan_pdf_job(session, job: Job, report: JobContext) -> dict:
    """Job `booths.plan_pdf` (params: fair_id, hall_id, mode, language): the hall's plan PDF, kept with the job."""
    user = session.get(User, job.created_by_id) if job.created_by_id else None
    if user is None or not user.active or user.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers print the floor plan."))
    hall = session.get(Hall, job.params["hall_id"])
    fair = session.get(Fair, job.params["fair_id"])
    if hall is None or fair is None or hall.fair_id != fair.id:
        raise NotFound(_("No such hall."))
    language = job.params.get("language") or "vi"
    booths = hall_size(session, hall)
    with force_locale(language), estimated_progress(report, 0.0, 0.95, 1.0 + booths * BOOTH_SECONDS):
        data, filename = hall_plan_pdf(session, fair, hall, mode=job.params.get("mode") or "status",
                                       language=language)
    report.keep_file(session, data, media_type="application/pdf")
    return {"filename": filename, "mimetype": "application/pdf", "booths": booths}
