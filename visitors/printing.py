"""Bulk badge printing as a background job: chunks of badges rendered one after another, so memory stays flat,
then joined into one PDF with pypdf and kept in the database with the job's result (any server serves it).
A run again starts from the first badge: nothing of an unfinished run was committed. A4 sheets, the
default, are drawn (badge_sheets.py); A6 and CR80 are laid out by WeasyPrint."""

import io
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from pypdf import PdfWriter

from core.db import utcnow
from core.errors import ValidationFailed
from core.jobs import Job, JobContext, create_job
from fairs.models import Fair
from visitors.badges import badge_face, badges_pdf
from visitors.models import Badge, Visitor
from visitors.services import code_signer

CHUNK = 200  # a multiple of 8: only a job's last sheet may have empty places
SIZES = ("sheet", "a6", "cr80")
MAX_BADGES_PER_JOB = 100_000


def start_badge_printing(session, fair: Fair, *, size: str, visitor_ids: list[int] | None, actor,
                         now: datetime) -> Job:
    """A queued job printing the badges of `visitor_ids` (all the fair's visitors if None); the caller commits
    and launches it."""
    if size not in SIZES:
        raise ValidationFailed([{"field": "size", "message": _("Choose a badge format.")}])
    query = sa.select(Visitor.id).where(Visitor.fair_id == fair.id)
    if visitor_ids is not None:
        wanted = list(dict.fromkeys(visitor_ids))
        if len(wanted) > MAX_BADGES_PER_JOB:
            raise ValidationFailed([{"field": "visitor_ids", "message": _(
                "At most %(n)d badges per print job.", n=MAX_BADGES_PER_JOB)}])
        found = set(session.scalars(query.where(Visitor.id.in_(wanted)))) if wanted else set()
        if len(found) != len(wanted):
            raise ValidationFailed([{"field": "visitor_ids", "message": _("Some visitors are not of this fair.")}])
        ids = wanted
    else:
        ids = list(session.scalars(query.order_by(Visitor.id)))
    if not ids:
        raise ValidationFailed([{"field": "visitor_ids", "message": _("No visitor matches.")}])
    return create_job(session, "badges.print", {"fair_id": fair.id, "visitor_ids": ids, "size": size},
                      actor=actor, now=now)


def print_badges_job(session, job: Job, report: JobContext) -> dict:
    """Job `badges.print` (params: fair_id, visitor_ids, size): one PDF of the selected visitors' badges."""
    fair = session.get(Fair, job.params["fair_id"])
    ids = list(job.params["visitor_ids"])
    size = job.params.get("size", "sheet")
    sign = code_signer(session, fair, now=utcnow())
    writer = PdfWriter()
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        rows = session.execute(sa.select(Visitor, Badge).join(Badge, Badge.visitor_id == Visitor.id)
                               .where(Visitor.id.in_(chunk), Visitor.fair_id == fair.id, Badge.revoked_at.is_(None))
                               .order_by(Visitor.full_name, Visitor.id)).all()
        faces = [badge_face(visitor, sign(badge.serial), badge.serial) for visitor, badge in rows]
        if faces:
            writer.append(io.BytesIO(badges_pdf(fair, faces, size=size)))
        done += len(chunk)
        report(done / len(ids))
        session.expunge_all()  # keep the session from growing with every chunk
        fair = session.get(Fair, job.params["fair_id"])
    pdf = io.BytesIO()
    writer.write(pdf)
    report.keep_file(session, pdf.getvalue(), media_type="application/pdf")
    return {"filename": f"{fair.code}-badges-{size}.pdf", "mimetype": "application/pdf", "count": len(ids)}
