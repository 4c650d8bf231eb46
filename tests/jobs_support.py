"""Helpers of the tests of background jobs: wait for the job threads of this process, and follow an import page's
job (for the threshold that sends small tables to a job, see the `small_import_threshold` fixture)."""

import io

import sqlalchemy as sa

from core.jobs import Job


def wait_for_jobs(app, session=None, *, timeout: float = 60) -> None:
    """Let the jobs the test started (threads of this process) end; with `session`, expire it so it reads their
    work."""
    for thread in app.extensions.get("job_threads", []):
        thread.join(timeout=timeout)
    if session is not None:
        session.expire_all()


def job_of(session, response) -> Job:
    """The job an import page's redirect follows (`?job=`)."""
    return session.get(Job, int(response.headers["Location"].rsplit("job=", 1)[1]))


def import_by_page_job(app, client, session, url: str, header: str, rows: list[str], filename: str) -> Job:
    """POST a CSV (`header`, then `rows`) to the import page at `url`, which must start a job; wait for it to end
    and return it."""
    response = client.post(url, content_type="multipart/form-data",
                           data={"file": (io.BytesIO((header + "\n".join(rows) + "\n").encode()), filename)})
    assert response.status_code == 302 and "job=" in response.headers["Location"]
    wait_for_jobs(app, session)
    return job_of(session, response)


def job_count(session) -> int:
    """How many jobs there are (a page that only offers a job must leave it unchanged)."""
    return session.scalar(sa.select(sa.func.count()).select_from(Job))
