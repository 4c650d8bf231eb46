"""Bulk badge printing through the API: 202 with a job, the job's state, its file once done; who may follow it."""

import io
from datetime import timedelta

import pypdf
import sqlalchemy as sa

from core.db import utcnow
from core.jobs import Job
from core.storage import StoredBlob
from tests.jobs_support import wait_for_jobs


def test_a_badge_print_started_by_api_is_followed_and_its_file_fetched(app, session, api, running_fair, registered,
                                                                       make_fair):
    """Three chosen visitors on A6: 202 {job_id}; the job ends done with a three-page PDF kept in the database;
    an organizer of the fair may follow it, an exhibitor may not; unknown ids and another fair's visitors are 422."""
    visitors = [registered(full_name=f"Khách {number}")[0] for number in range(4)]
    desk = api("staff", gate_fairs=[running_fair])
    started = desk.post(f"/api/v1/fairs/{running_fair.id}/badge-prints",
                        {"size": "a6", "visitor_ids": [visitor.id for visitor in visitors[:3]]})
    assert started.status_code == 202, started.json
    job_id = started.json["job_id"]
    wait_for_jobs(app)
    state = desk.get(f"/api/v1/jobs/{job_id}").json
    assert (state["status"], state["progress"], state["result"]["count"]) == ("done", 1.0, 3)
    pdf = desk.get(f"/api/v1/jobs/{job_id}/file")
    assert pdf.status_code == 200 and len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages) == 3
    assert pdf.headers["Content-Type"] == "application/pdf"
    session.expire_all()
    assert session.get(Job, job_id).file_id == session.scalar(sa.select(StoredBlob.id))
    assert api("organizer").get(f"/api/v1/jobs/{job_id}/file").data == pdf.data
    assert api("exhibitor").get(f"/api/v1/jobs/{job_id}").status_code == 403
    assert api("staff").get(f"/api/v1/jobs/{job_id}").status_code == 403  # staff who did not start it
    assert desk.get("/api/v1/jobs/999999").status_code == 404
    other_fair = make_fair()
    session.commit()
    refused = desk.post(f"/api/v1/fairs/{running_fair.id}/badge-prints", {"size": "a4", "visitor_ids": [999999]})
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "visitor_ids"
    assert desk.post(f"/api/v1/fairs/{running_fair.id}/badge-prints", {"size": "a5"}).status_code == 422
    assert desk.post(f"/api/v1/fairs/{other_fair.id}/badge-prints", {"size": "a4"}).status_code == 403
    assert api("exhibitor").post(f"/api/v1/fairs/{running_fair.id}/badge-prints", {"size": "a4"}).status_code == 403


def test_without_visitor_ids_every_visitor_of_the_fair_is_printed_on_sheets(app, api, running_fair, registered):
    """'a4' means sheets of 8: nine visitors make two pages."""
    for number in range(9):
        registered(full_name=f"Khách {number}")
    organizer = api("organizer")
    job_id = organizer.post(f"/api/v1/fairs/{running_fair.id}/badge-prints", {"size": "a4"}).json["job_id"]
    wait_for_jobs(app)
    state = organizer.get(f"/api/v1/jobs/{job_id}").json
    assert state["status"] == "done" and state["result"]["count"] == 9
    assert organizer.get(f"/api/v1/jobs/{job_id}/file").data.startswith(b"%PDF")


def test_a_print_job_whose_runner_stopped_is_failed_on_the_page_which_offers_to_run_it_again(
        app, client, session, login_as, running_fair, registered):
    """The visitor list with ?job= shows the reason and a 'Run again' button; the button runs it to the end."""
    visitor, _code = registered()
    staff = login_as("staff", gate_fairs=[running_fair])
    job = Job(kind="badges.print", params={"fair_id": running_fair.id, "visitor_ids": [visitor.id], "size": "a6"},
              status="running", progress=0.33, created_by_id=staff.id, created_at=utcnow(), owner="gone:1:1",
              heartbeat_at=utcnow() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 1), attempts=1)
    session.add(job)
    session.commit()
    client.get("/lang/en")
    page = client.get(f"/fairs/{running_fair.id}/visitors?job={job.id}").get_data(as_text=True)
    assert "The server running this job stopped; run it again." in page and 'data-testid="job-run-again"' in page
    again = client.post(f"/jobs/{job.id}/retry", data={"next": f"/fairs/{running_fair.id}/visitors?job={job.id}"})
    assert again.status_code == 302
    wait_for_jobs(app)
    session.expire_all()  # the test shares its session with the requests it makes
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="job-download"' in page
    assert client.get(f"/jobs/{job.id}/download").data.startswith(b"%PDF")
