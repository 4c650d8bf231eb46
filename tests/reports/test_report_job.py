"""The report's documents are made by a background job: it runs, its bar reaches 100 %, the file is the report
(a PDF with its title, an officer's XLSX held to their province), and only its starter downloads it."""

import io
import re

import openpyxl
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from core.db import utcnow
from core.jobs import Job, runner
from reports.supported_job import BUILT, JOB_KIND
from support.scopes import set_officer_province
from tests.conftest import login
from tests.jobs_support import wait_for_jobs


@pytest.fixture
def progress(monkeypatch) -> list[float]:
    """Every progress value the job writes to its row."""
    seen: list[float] = []
    touch = runner._touch

    def recording(job_id, owner, **values):
        if "progress" in values:
            seen.append(values["progress"])
        return touch(job_id, owner, **values)

    monkeypatch.setattr(runner, "_touch", recording)
    return seen


def test_the_pdf_is_made_by_a_job_whose_bar_reaches_the_end(app, client, session, login_as, world, progress):
    """The PDF button queues a job and opens its page; the job ends done at 100 % after reporting its progress on
    the way, and its download is the A4 report with its title and the fair's totals."""
    login_as("organizer")
    fair_id = world["fair_a"].id
    started = client.post("/reports/supported/documents", data={"kind": "pdf", "fair_id": fair_id})
    assert started.status_code == 302
    job_id = int(re.search(r"/reports/supported/documents/(\d+)$", started.headers["Location"]).group(1))
    wait_for_jobs(app, session, timeout=120)
    job = session.get(Job, job_id)
    assert (job.kind, job.status, job.progress) == (JOB_KIND, "done", 1.0)
    assert job.params["args"] == {"fair_id": str(fair_id)}
    assert progress and progress[0] == BUILT and progress == sorted(progress)
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="job-download"' in page
    download = client.get(f"/jobs/{job_id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "bao-cao-ho-tro-FAIR" in download.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(download.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "BÁO CÁO" in text and "Kết quả hỗ trợ" in text
    assert "30.000.000" in text  # the fair's committed support, as the synchronous export has it


def test_an_officers_document_keeps_to_their_province_and_is_theirs(app, client, session, make_user, world):
    """An officer bound to Hải Dương (now Hải Phòng): another province is refused before any job; their XLSX holds
    Hải Phòng's enterprise only, and another officer cannot download it."""
    officer = make_user(role="officer", locale="en")
    set_officer_province(session, officer, "Hải Dương", actor=None, now=utcnow())
    stranger = make_user(role="officer")
    session.commit()
    login(client, officer)
    refused = client.post("/reports/supported/documents", data={"kind": "xlsx", "province": "Hà Nội"})
    assert refused.status_code == 302 and "/reports/supported" in refused.headers["Location"]
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
    started = client.post("/reports/supported/documents", data={"kind": "xlsx", "fair_id": world["fair_a"].id})
    wait_for_jobs(app, session, timeout=120)
    job = session.scalars(sa.select(Job)).one()
    assert job.status == "done" and started.headers["Location"].endswith(f"/documents/{job.id}")
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/jobs/{job.id}/download").data))
    cells = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
                     if cell is not None)
    assert "Hải Phòng" in cells and "Hà Nội" not in cells  # Hà Tây's and Bát Tràng's grants are Hà Nội's
    assert "9000000" in cells and "12000000" not in cells and "6000000" not in cells
    other = app.test_client()
    login(other, stranger)
    assert other.get(f"/jobs/{job.id}/download").status_code in (403, 404)
    assert other.get(f"/reports/supported/documents/{job.id}").status_code in (403, 404)


def test_an_unknown_kind_starts_nothing(client, session, login_as, world):
    """Only PDF, DOCX and XLSX are documents."""
    login_as("organizer")
    assert client.post("/reports/supported/documents", data={"kind": "exe"}).status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
