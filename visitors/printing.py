"""Bulk badge printing as a background job: chunks of badges rendered one after another, so memory stays flat,
then joined into one PDF with pypdf. A4 sheets, the default, are drawn (badge_sheets.py); A6 and CR80 are laid
out by WeasyPrint."""

import io

import sqlalchemy as sa
from pypdf import PdfWriter

from core.db import utcnow
from core.jobs import Job, job_file
from fairs.models import Fair
from visitors.badges import badge_face, badges_pdf
from visitors.models import Badge, Visitor
from visitors.services import code_signer

CHUNK = 200  # a multiple of 8: only a job's last sheet may have empty places


def print_badges_job(session, job: Job, report) -> dict:
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
    with open(job_file(job.id), "wb") as handle:
        writer.write(handle)
    return {"filename": f"{fair.code}-badges-{size}.pdf", "mimetype": "application/pdf", "count": len(ids)}
