"""Large booth imports run as jobs: a 303/202 at once, a progress bar, then all the booths or none of them."""

import io

import pytest

from booths.layout.import_job import start_booth_import
from booths.layout.models import Booth, BoothAdjacency
from core.db import utcnow
from core.jobs import Job, run_job
from core.storage import StoredBlob
from tests.booths.conftest import booth_csv, booth_row
from tests.conftest import table_count
from tests.jobs_support import job_of, wait_for_jobs


def block_of(count: int, *, per_row: int = 20) -> list[dict]:
    """`count` 3 × 3 m booths, `per_row` to a row, rows back to back."""
    return [booth_row(f"A-{n + 1:03d}", (n % per_row) * 3, (n // per_row) * 3) for n in range(count)]


pytestmark = pytest.mark.usefixtures("small_import_threshold")


def upload(client, fair, data: bytes, filename: str = "booths.csv"):
    """POST a file to the booth import page."""
    return client.post(f"/fairs/{fair.id}/booths/import", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_a_large_table_on_the_page_becomes_a_job_that_imports_every_booth(app, client, login_as, hall, zone,
                                                                          session):
    """30 rows over a threshold of 5: the page answers at once with the job's progress bar; the job imports
    the 30 booths and their neighbour graph, deletes the stored upload, and the page then says it is done."""
    login_as("organizer")
    response = upload(client, hall.fair, booth_csv(block_of(30)).encode())
    assert response.status_code == 302 and "job=" in response.headers["Location"]
    job_id = int(response.headers["Location"].rsplit("job=", 1)[1])
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    wait_for_jobs(app, session)
    job = session.get(Job, job_id)
    assert (job.kind, job.status, job.progress, job.result) == ("booths.import", "done", 1.0, {"created": 30})
    assert table_count(session, Booth) == 30 and table_count(session, BoothAdjacency) > 0
    assert table_count(session, StoredBlob) == 0
    done = client.get(response.headers["Location"])
    assert b'data-testid="job-done"' in done.data and b"30 rows imported" in done.data


def test_a_running_import_shows_its_progress_bar(app, client, login_as, hall, zone, session, make_user):
    """A queued import job (not yet run) is shown as a progress bar that follows the job's state."""
    login_as("organizer")
    response = upload(client, hall.fair, booth_csv(block_of(12)).encode())
    location = response.headers["Location"]
    wait_for_jobs(app, session)
    job = session.get(Job, int(location.rsplit("job=", 1)[1]))
    job.status, job.progress = "running", 0.4
    job.owner = "elsewhere"
    session.commit()
    page = client.get(location)
    assert b'data-testid="job"' in page.data and b"js/jobs.js" in page.data
    assert f'/jobs/{job.id}.json'.encode() in page.data


def test_a_bad_last_row_leaves_no_booth_and_the_page_names_its_row(app, client, login_as, hall, zone, session):
    """29 good rows and a last one outside the hall: the job fails, nothing is written, and the page lists
    row 30 with its column; the upload stays kept for "Run again"."""
    login_as("organizer")
    rows = block_of(29) + [booth_row("Z-999", 59, 0)]
    response = upload(client, hall.fair, booth_csv(rows).encode())
    wait_for_jobs(app, session)
    job = job_of(session, response)
    assert job.status == "failed"
    assert job.result["errors"] == [{"row": 30, "field": "x_m",
                                     "message": "The booth does not fit inside hall Hall A."}]
    assert job.result["error_count"] == 1
    assert table_count(session, Booth) == 0 and table_count(session, BoothAdjacency) == 0
    assert table_count(session, StoredBlob) == 1
    page = client.get(response.headers["Location"])
    assert b'data-testid="job-problems"' in page.data and b"<td>30</td>" in page.data


def test_a_small_table_is_still_imported_in_the_request(client, login_as, hall, zone, session):
    """Five rows, at the threshold: imported at once, no job."""
    login_as("organizer")
    response = upload(client, hall.fair, booth_csv(block_of(5)).encode())
    assert response.status_code == 302 and "job=" not in response.headers["Location"]
    assert table_count(session, Booth) == 5 and table_count(session, Job) == 0


def test_the_api_answers_202_with_the_job_to_follow(app, api, hall, zone, session):
    """A large CSV body: 202 with the job's state and its URL in Location; the job resource then says done with
    the rows created."""
    organizer = api("organizer")
    response = organizer.post_csv(f"/api/v1/fairs/{hall.fair.id}/booths/import", booth_csv(block_of(40)))
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/jobs/{body['id']}"
    assert (body["kind"], body["status"]) == ("booths.import", "queued")
    wait_for_jobs(app)
    state = organizer.get(response.headers["Location"]).get_json()
    assert (state["status"], state["progress"], state["result"]) == ("done", 1.0, {"created": 40})
    assert table_count(session, Booth) == 40


def test_the_api_job_of_a_bad_table_reports_each_row_and_creates_nothing(app, api, hall, zone, session):
    """A duplicate code on the last of 40 rows: the job ends failed with the row's problem in its result."""
    rows = block_of(39) + [booth_row("A-001", 0, 30)]
    organizer = api("organizer")
    response = organizer.post_csv(f"/api/v1/fairs/{hall.fair.id}/booths/import", booth_csv(rows))
    wait_for_jobs(app)
    state = organizer.get(response.headers["Location"]).get_json()
    assert state["status"] == "failed" and state["message"]
    assert [(error["row"], error["field"]) for error in state["result"]["errors"]] == [(40, "code")]
    assert table_count(session, Booth) == 0


def test_an_exhibitor_can_neither_import_booths_nor_follow_the_import(app, api, hall, zone, session):
    """The import is refused to an exhibitor (403, no job, no file kept) and an organizer's import job is not
    theirs to read."""
    exhibitor = api("exhibitor")
    refused = exhibitor.post_csv(f"/api/v1/fairs/{hall.fair.id}/booths/import", booth_csv(block_of(40)))
    assert refused.status_code == 403
    assert table_count(session, Job) == 0 and table_count(session, StoredBlob) == 0
    started = api("organizer").post_csv(f"/api/v1/fairs/{hall.fair.id}/booths/import", booth_csv(block_of(40)))
    wait_for_jobs(app)
    assert exhibitor.get(started.headers["Location"]).status_code == 403
    assert api("officer").get(started.headers["Location"]).status_code == 403


def test_a_job_whose_starter_is_no_longer_an_organizer_imports_nothing(app, session, hall, zone, make_user):
    """The starter's role is checked again when the job runs: demoted meanwhile, the job fails, nothing is
    imported."""
    starter = make_user(role="organizer")
    job = start_booth_import(session, hall.fair, booth_csv(block_of(10)).encode(), filename="b.csv", actor=starter,
                             now=utcnow())
    starter.role = "exhibitor"
    session.commit()
    assert run_job(app, job.id) == "failed"
    session.expire_all()
    # Started outside a request: the job speaks the default language, Vietnamese.
    assert session.get(Job, job.id).message == "Chỉ ban tổ chức được nhập bảng dữ liệu."
    assert table_count(session, Booth) == 0


def test_a_job_that_dies_after_writing_its_booths_leaves_none(app, api, hall, zone, session, monkeypatch):
    """The runner stops after the booths and their neighbours were written (here the audit record raises, as a
    lost connection would): the job is failed and not one booth stays, since all was one uncommitted transaction."""

    def crash(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr("booths.layout.services.record_audit", crash)
    response = api("organizer").post_csv(f"/api/v1/fairs/{hall.fair.id}/booths/import", booth_csv(block_of(40)))
    wait_for_jobs(app)
    state = api("organizer").get(response.headers["Location"]).get_json()
    assert (state["status"], state["message"]) == ("failed", "internal error")
    assert table_count(session, Booth) == 0 and table_count(session, BoothAdjacency) == 0
