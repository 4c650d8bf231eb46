"""A large visitor list is imported by a job: every visitor with a badge, or nobody when any row is bad."""

import pytest
import sqlalchemy as sa

from core.jobs import Job
from tests.jobs_support import import_by_page_job
from visitors.models import Badge, Visitor

HEADER = "full_name,email,country,province,visitor_type,organisation,sectors\n"


pytestmark = pytest.mark.usefixtures("small_import_threshold")


def _import(app, client, session, fair, rows: list[str]) -> Job:
    return import_by_page_job(app, client, session, f"/fairs/{fair.id}/visitors/import", HEADER, rows, "buyers.csv")


def test_a_large_list_registers_everyone_with_a_badge(app, client, login_as, session, running_fair):
    """Eight rows over a threshold of five: a job registers the eight visitors, each with a badge."""
    login_as("organizer", locale="en")
    job = _import(app, client, session, running_fair, [f"Khách {n},k{n}@ex.vn,VN,Huế,trade_buyer,Co,"
                                                       for n in range(8)])
    assert (job.kind, job.status, job.result) == ("visitors.import", "done", {"created": 8})
    assert session.scalar(sa.select(sa.func.count()).select_from(Badge)) == 8


def test_a_bad_last_row_registers_nobody_and_names_the_row(app, client, login_as, session, running_fair):
    """Seven good rows and an eighth repeating the first e-mail: nobody is registered; row 8 is named."""
    login_as("organizer", locale="en")
    rows = [f"Khách {n},k{n}@ex.vn,VN,Huế,trade_buyer,Co," for n in range(7)] + ["Lặp,k0@ex.vn,VN,Huế,visitor,,"]
    job = _import(app, client, session, running_fair, rows)
    assert job.status == "failed"
    assert [(error["row"], error["field"]) for error in job.result["errors"]] == [(8, "email")]
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 0
    page = client.get(f"/fairs/{running_fair.id}/visitors/import?job={job.id}").get_data(as_text=True)
    assert "also on row 1" in page
