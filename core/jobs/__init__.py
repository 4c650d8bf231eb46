"""Background jobs: long work (allocating 74,000 booths, printing 5,000 badges) off the request.

A job is a row (kind, parameters, status, progress, result, owner, heartbeat, file) so any process can
report on it. Packages register a handler per kind: `handler(session, job, report) -> dict`, where
`report(fraction)` records progress on a separate connection (the bar moves while the handler's
transaction is open) and `report.keep_file(session, data, media_type=…)` stores the file it made.
With `REDIS_URL` the job runs on a Celery worker (`core/tasks.py`), otherwise in a thread of the web
process; a job whose runner stops is taken over (Celery) or failed when next looked at (embedded).
A handler's DomainError becomes the job's message; anything else is logged and reported generically.
"""

from core.jobs.models import (
    JOB_STATUSES,
    STOPPED_MESSAGE,
    Job,
    create_job,
    fail_stopped_jobs,
    get_job,
    job_message,
    job_state,
    may_watch,
    rerun_job,
)
from core.jobs.runner import JobContext, JobLost, claim_job, launch, register_job_handler, run_job, watch_job
from core.jobs.views import bp

__all__ = ["JOB_STATUSES", "STOPPED_MESSAGE", "Job", "JobContext", "JobLost", "bp", "claim_job", "create_job",
           "fail_stopped_jobs", "get_job", "job_message", "job_state", "launch", "may_watch", "register_job_handler",
           "rerun_job", "run_job", "watch_job"]
