"""A progress bar for work that tells nothing until it is done (WeasyPrint laying out a PDF): moved by the clock."""

import threading
import time
from contextlib import contextmanager

from flask import current_app

from core.jobs.runner import JobContext, JobLost


@contextmanager
def estimated_progress(report: JobContext, start: float, end: float, seconds: float):
    """Move the bar from `start` towards `end` over about `seconds` while the block runs (never past `end`)."""
    app, stop = current_app._get_current_object(), threading.Event()
    began = time.monotonic()

    def tick():
        with app.app_context():
            while not stop.wait(0.5):
                try:
                    report(start + (end - start) * min(1.0, (time.monotonic() - began) / seconds))
                except JobLost:  # the job was taken away: the handler's own next report stops it
                    return

    ticker = threading.Thread(target=tick, name="job-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()
