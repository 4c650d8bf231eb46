"""Wire the supported-enterprise report into the app: the demo's supported exhibitors and earlier fair."""

from flask import Flask

from core.auth import register_landing_page
from core.demo import register_demo_loader
from reports.supported_demo import load_demo_support


def init_supported_reports(app: Flask) -> None:
    """Register the demo loader that needs booths, contracts and support together, and the officer's start page."""
    register_demo_loader(35, "supported_reports", load_demo_support)
    register_landing_page("officer", "reports.supported")
