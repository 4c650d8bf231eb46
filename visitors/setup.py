"""Wire visitors into the app: template globals, the bulk badge printing job, the demo visitors."""

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import Flask

from core.auth import register_landing_page
from core.demo import register_demo_loader
from core.jobs import register_job_handler
from core.jobs.imports import import_job_handler
from core.sealing import register_sealed_column
from visitors.badge_list import touch_badges_of_changed_visitors
from visitors.cli import register_commands
from visitors.demo import load_demo_visitors
from visitors.forms import TYPE_LABELS
from visitors.imports import JOB_KIND as VISITOR_IMPORT
from visitors.imports import run_visitor_import
from visitors.printing import print_badges_job


def init_visitors(app: Flask) -> None:
    """Register the visitors package's template globals, job handler, landing page, `flask attendance` and the
    badge-list listener."""
    app.jinja_env.globals.update(TYPE_LABELS=TYPE_LABELS)
    register_job_handler(app, "badges.print", print_badges_job)
    register_job_handler(app, VISITOR_IMPORT, import_job_handler(run_visitor_import))
    register_demo_loader(40, "visitors", load_demo_visitors)
    register_landing_page("staff", "visitors.gate_home")
    register_commands(app)
    if not sa.event.contains(so.Session, "before_flush", touch_badges_of_changed_visitors):
        sa.event.listen(so.Session, "before_flush", touch_badges_of_changed_visitors)
    register_sealed_column("fair_key", "sealed_seed")  # the start-up check tries the data key on one
