"""Wire the supported-enterprise report into the app: the demo's supported exhibitors and earlier fair, the
documents' job."""

from flask import Flask

from core.auth import register_landing_page
from core.demo import register_demo_loader
from core.jobs import register_job_handler
from reports.supported_demo import load_demo_support
from reports.supported_job import JOB_KIND, report_document_job


def init_supported_reports(app: Flask) -> None:
    """Register the demo loader that needs booths, contracts and support together, the officer's start page and
    the job making the report's documents."""
    register_job_handler(app, JOB_KIND, report_document_job)
    register_demo_loader(35, "supported_reports", load_demo_support)
    register_landing_page("officer", "reports.supported")
