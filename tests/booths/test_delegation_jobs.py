"""A large delegation is imported by a job: every enterprise and application, or none when a row is bad."""

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothApplication
from core.jobs import Job
from tests.jobs_support import import_by_page_job

HEADER = "name,kind,tax_code,country,province,sector,booths_requested\n"


pytestmark = pytest.mark.usefixtures("small_import_threshold")


def _import(app, client, session, fair, rows: list[str]) -> Job:
    return import_by_page_job(app, client, session, f"/fairs/{fair.id}/applications/import", HEADER, rows, "d.csv")


def test_a_large_delegation_is_registered_by_a_job(app, client, login_as, session, make_fair):
    """Seven enterprises over a threshold of five: seven submitted applications."""
    fair = make_fair(status="open")
    session.commit()
    login_as("organizer")
    job = _import(app, client, session, fair, [f"Cơ sở Mây tre {n},enterprise,,VN,Hà Nội,handicraft,1"
                                               for n in range(7)])
    assert (job.kind, job.status, job.result) == ("delegations.import", "done", {"created": 7})
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 7


def test_a_bad_last_row_registers_nothing(app, client, login_as, session, make_fair):
    """Six good rows and a seventh asking for no booth: nothing is registered, row 7 is named."""
    fair = make_fair(status="open")
    session.commit()
    login_as("organizer")
    rows = [f"Cơ sở Mây tre {n},enterprise,,VN,Hà Nội,handicraft,1" for n in range(6)]
    job = _import(app, client, session, fair, rows + ["Cơ sở cuối,enterprise,,VN,Hà Nội,handicraft,0"])
    assert job.status == "failed"
    assert [(error["row"], error["field"]) for error in job.result["errors"]] == [(7, "booths_requested")]
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 0
