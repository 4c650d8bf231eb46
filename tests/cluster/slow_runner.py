"""A web process running one job in-process, slowly, until it is killed.

`python -m tests.cluster.slow_runner DATABASE_URL JOB_ID`
"""

import sys
import time

from app import create_app
from core.jobs import register_job_handler, run_job


def slow_job(session, job, report):
    """Creeps forward a per cent every 0.1 s: long enough to be killed on the way."""
    for step in range(1, 101):
        report(step / 100)
        time.sleep(0.1)
    return {"steps": 100}


if __name__ == "__main__":
    application = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "slow-runner", "APP_ENV": "testing",
                              "JOB_HEARTBEAT_SECONDS": 0.5})
    register_job_handler(application, "cluster.slow", slow_job)
    print(run_job(application, int(sys.argv[2])), flush=True)
