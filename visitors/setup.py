"""Wire visitors into the app: template globals and the bulk badge printing job."""

from flask import Flask

from core.jobs import register_job_handler
from visitors.forms import TYPE_LABELS
from visitors.printing import print_badges_job


def init_visitors(app: Flask) -> None:
    """Register the visitors package's template globals and job handler."""
    app.jinja_env.globals.update(TYPE_LABELS=TYPE_LABELS)
    register_job_handler(app, "badges.print", print_badges_job)
