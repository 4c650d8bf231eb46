"""The booth import as a background job (`booths.import`): a large table is checked and written by a job,
all or nothing, with the same service as a small one imported in the request."""

from datetime import datetime

from booths.layout.services import import_booths
from core.db import utcnow
from core.jobs import Job
from core.jobs.imports import Progress, start_import
from fairs.models import Fair

KIND = "booths.import"


def start_booth_import(session, fair: Fair, data: bytes, *, filename: str, actor, now: datetime) -> Job:
    """Keep the uploaded booth table and queue its import; the caller commits and launches the job."""
    return start_import(session, KIND, data, filename=filename, params={"fair_id": fair.id}, actor=actor, now=now)


def run_booth_import(session, job: Job, rows: list[dict[str, str]], actor, progress: Progress) -> int:
    """Job `booths.import` (params: fair_id, upload_id): the booths of the stored table, or none."""
    fair = session.get(Fair, job.params["fair_id"])
    return import_booths(session, fair, rows, actor=actor, now=utcnow(), progress=progress)
