"""A large grants table through the API is imported by a job (202): every grant, or none when a row is bad."""

import pytest

from core.jobs import Job
from support.models import SupportGrant
from tests.conftest import table_count
from tests.jobs_support import wait_for_jobs
from tests.support.conftest import TAX_CODES

HEADER = "tax_code,content,amount_vnd,fair_code,status\n"


pytestmark = pytest.mark.usefixtures("small_import_threshold")


def _import(app, api, programme, rows: list[str], role: str = "organizer"):
    caller = api(role)
    response = caller.post_csv(f"/api/v1/support/programmes/{programme.id}/grants/import", HEADER + "\n".join(rows))
    wait_for_jobs(app)
    return caller, response


def test_a_large_grants_table_is_a_job_that_records_every_grant(app, api, session, make_programme, make_enterprise):
    """Eight rows: 202 with the job's Location; the job ends done with eight grants; another organizer may not read
    the job (a programme's job belongs to its starter)."""
    make_enterprise(tax_code=TAX_CODES[0])
    programme = make_programme()
    session.commit()
    caller, response = _import(app, api, programme, [f"{TAX_CODES[0]},training,1000000,,approved"] * 8)
    assert response.status_code == 202, response.json
    state = caller.get(response.headers["Location"]).json
    assert (state["kind"], state["status"], state["result"]) == ("grants.import", "done", {"created": 8})
    assert table_count(session, SupportGrant) == 8
    assert api("organizer").get(response.headers["Location"]).status_code == 403


def test_a_bad_last_row_records_no_grant(app, api, session, make_programme, make_enterprise):
    """Seven good rows and an eighth naming an unknown tax code: no grant, the job names row 8."""
    make_enterprise(tax_code=TAX_CODES[0])
    programme = make_programme()
    session.commit()
    rows = [f"{TAX_CODES[0]},training,1000000,,approved"] * 7 + [f"{TAX_CODES[2]},training,1000000,,approved"]
    caller, response = _import(app, api, programme, rows)
    state = caller.get(response.headers["Location"]).json
    assert state["status"] == "failed"
    assert [(error["row"], error["field"]) for error in state["result"]["errors"]] == [(8, "tax_code")]
    assert table_count(session, SupportGrant) == 0 and table_count(session, Job) == 1


def test_an_exhibitor_cannot_import_grants(app, api, session, make_programme):
    """403, and no job is queued."""
    programme = make_programme()
    session.commit()
    _caller, response = _import(app, api, programme, [f"{TAX_CODES[0]},training,1000000,,approved"] * 8,
                                role="exhibitor")
    assert response.status_code == 403 and table_count(session, Job) == 0
