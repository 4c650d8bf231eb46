"""The report's PDF, DOCX and XLSX links: made at once while the report is small, else a page (writing nothing)
whose CSRF-protected button starts the background job with the same filters."""

import io
import re

import openpyxl
import pytest
import sqlalchemy as sa

from core.db import utcnow
from core.jobs import Job
from support.scopes import set_officer_province
from tests.conftest import csrf_token_from, login
from tests.jobs_support import job_count, wait_for_jobs


@pytest.fixture
def large(app, monkeypatch):
    """Every document counts as too large to make in the request."""
    monkeypatch.setitem(app.config, "EXPORT_DIRECT_SECONDS", 0)


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx"])
def test_a_large_documents_link_offers_the_job_and_starts_nothing(client, session, login_as, world, large, kind):
    """The GET answers 200 with a page (not the file) whose form posts the filters and the kind to the job's
    start; no job row is written by looking."""
    login_as("organizer")
    fair_id = world["fair_a"].id
    response = client.get(f"/reports/supported.{kind}", query_string={"fair_id": fair_id, "number": "12"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'data-testid="deferred-export"' in page
    form = page.split('data-testid="deferred-export"')[1]
    assert 'action="/reports/supported/documents"' in form
    assert f'name="fair_id" value="{fair_id}"' in form and 'name="number" value="12"' in form
    assert f'name="kind" value="{kind}"' in form and 'name="csrf_token"' in form
    assert re.search(r"\d+ (doanh nghiệp|enterprises?)", page)  # what the document holds, counted
    assert job_count(session) == 0


def test_the_pages_button_makes_the_document_asked_for(app, client, session, login_as, world, large):
    """Posting the page's form (token, filters, kind) queues the job and opens its progress page; the job's file
    is the report's XLSX, which openpyxl opens."""
    login_as("organizer")
    fair_id = world["fair_a"].id
    page = client.get("/reports/supported.xlsx", query_string={"fair_id": fair_id}).get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                             page.split('data-testid="deferred-export"')[1]))
    assert "csrf_token" in fields
    started = client.post("/reports/supported/documents", data=fields)
    assert started.status_code == 302
    assert re.search(r"/reports/supported/documents/\d+$", started.headers["Location"])
    wait_for_jobs(app, session, timeout=120)
    job = session.scalars(sa.select(Job)).one()
    assert job.status == "done" and job.params["args"] == {"fair_id": str(fair_id)} and job.params["kind"] == "xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/jobs/{job.id}/download").data))
    cells = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
                     if cell is not None)
    assert "30000000" in cells  # the fair's committed support


def test_the_button_without_its_token_starts_nothing(app, client, session, login_as, world, large, monkeypatch):
    """With CSRF protection on (as in production), the page's filters posted without its token queue no job;
    with the token they do."""
    login_as("organizer")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get("/reports/supported.pdf", query_string={"fair_id": world["fair_a"].id}).get_data(as_text=True)
    client.post("/reports/supported/documents", data={"kind": "pdf", "fair_id": world["fair_a"].id})
    assert job_count(session) == 0
    client.post("/reports/supported/documents", data={"kind": "pdf", "fair_id": world["fair_a"].id,
                                                      "csrf_token": csrf_token_from(page)})
    wait_for_jobs(app, session, timeout=120)
    assert job_count(session) == 1


def test_an_officer_of_another_province_is_refused_before_any_page(client, session, make_user, world, large):
    """An officer held to Hải Phòng asking for Hà Nội's PDF gets 403, neither the page nor a job; their own
    province's link offers the job."""
    officer = make_user(role="officer")
    set_officer_province(session, officer, "Hải Phòng", actor=None, now=utcnow())
    session.commit()
    login(client, officer)
    assert client.get("/reports/supported.pdf", query_string={"province": "Hà Nội"}).status_code == 403
    own = client.get("/reports/supported.pdf", query_string={"province": "Hải Phòng"})
    assert own.status_code == 200 and 'data-testid="deferred-export"' in own.get_data(as_text=True)
    token = csrf_token_from(own.get_data(as_text=True))
    client.post("/reports/supported/documents", data={"csrf_token": token, "kind": "pdf", "province": "Hà Nội"})
    assert job_count(session) == 0


def test_an_exhibitor_neither_sees_the_page_nor_starts_the_job(client, session, login_as, world, large):
    """The report is organizers' and officers': an exhibitor's GET and POST are refused."""
    login_as("exhibitor")
    assert client.get("/reports/supported.pdf").status_code == 403
    assert client.post("/reports/supported/documents", data={"kind": "pdf"}).status_code == 403
    assert job_count(session) == 0


def test_a_small_report_is_still_one_click(client, session, login_as, world, app, monkeypatch):
    """Below EXPORT_DIRECT_SECONDS the link answers the PDF itself."""
    monkeypatch.setitem(app.config, "EXPORT_DIRECT_SECONDS", 60)
    login_as("organizer")
    response = client.get("/reports/supported.pdf", query_string={"fair_id": world["fair_a"].id})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data[:4] == b"%PDF"
    assert job_count(session) == 0
