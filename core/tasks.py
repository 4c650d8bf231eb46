"""The Celery app, when `REDIS_URL` is set: long work runs on workers (`flask --app app worker`).

Tasks are acknowledged late and rejected back to the queue when their worker process is lost, so a
job whose worker dies is delivered again; with Redis a message a dead worker held comes back after
the visibility timeout (`CELERY_VISIBILITY_TIMEOUT`), swept for every few seconds. Prefetch is one
task per worker process, so a worker never sits on jobs another could run. The mail a request queued is a
`mail.send` task too (each message claimed by one sender, see core/mail.py). Other packages add tasks
with `celery_app(app).task(...)`; the task code must be safe to run twice (see core/jobs/runner.py).
"""

import click
from celery import Celery, Task
from flask import Flask, current_app
from flask.cli import with_appcontext

from core.extensions import db
from core.jobs.runner import run_job, runner_name
from core.mail import register_mail_dispatcher, send_due_mail

# A task that finds its job held by a live runner looks again this often (seconds).
BUSY_RETRY_SECONDS = 10


def init_celery(app: Flask) -> Celery | None:
    """The app's Celery (also in `app.extensions['celery']`), or None without `REDIS_URL`."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, broker=url, task_cls=FlaskTask)
    celery.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,  # the job row holds progress and result
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": app.config["CELERY_VISIBILITY_TIMEOUT"],
            # Look for messages of dead workers every few seconds, not every 100 (Kombu's default).
            "unacked_restore_interval": 5,
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
    )

    @celery.task(name="jobs.run", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
    def run_job_task(self, job_id: int) -> str:
        """Run a job; if another live worker holds it (a redelivery), look again later."""
        worker = f"{self.request.hostname or 'worker'}:{runner_name()}"
        outcome = run_job(app, job_id, owner=worker)
        if outcome == "busy":
            raise self.retry(countdown=BUSY_RETRY_SECONDS)
        return outcome

    @celery.task(name="mail.send", acks_late=True, reject_on_worker_lost=True)
    def send_mail_task(ids: list[int]) -> int:
        """Deliver the messages a request queued; each is claimed by one sender, so a redelivery sends none twice."""
        try:
            return send_due_mail(db.session, app.config, ids=ids, limit=len(ids))
        finally:
            db.session.remove()

    # Mail a request queued goes to the workers too; `flask mail send` (cron) still picks up what is due.
    register_mail_dispatcher(app, lambda ids: send_mail_task.delay(ids))
    app.extensions["celery"] = celery
    return celery


def celery_app(app: Flask) -> Celery | None:
    """The Celery app of `app`, or None in the embedded default."""
    return app.extensions.get("celery")


@click.command("worker", context_settings={"ignore_unknown_options": True})
@click.option("--concurrency", "-c", default=2, show_default=True, help="Jobs run at once by this worker.")
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
@with_appcontext
def worker_command(concurrency: int, celery_args: tuple[str, ...]):
    """Start a Celery worker for long work (needs REDIS_URL); extra arguments go to Celery."""
    celery = celery_app(current_app)
    if celery is None:
        raise click.ClickException("REDIS_URL is not set: without it jobs run in the web process, no worker needed.")
    # Threads, not forked children: killing the worker process kills its jobs with it, and the
    # database pool is never shared across a fork.
    celery.worker_main(["worker", "--loglevel=INFO", "--pool=threads", f"--concurrency={concurrency}",
                        *celery_args])
