"""The review queue's XLSX link and a hall's plan PDF link: the file at once while small, else a page (writing
nothing) whose button starts the background job; the plan's job keeps to organizers from start to download."""

import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from booths.layout.plan_job import start_plan_pdf
from core.db import utcnow
from core.jobs import Job, run_job
from tests.conftest import csrf_token_from
from tests.jobs_support import job_count, wait_for_jobs


def _hidden(page: str) -> dict[str, str]:
    """The hidden fields of the deferred-export page's form."""
    form = page.split('data-testid="deferred-export"')[1]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))


@pytest.fixture
def large(app, monkeypatch):
    """Every export counts as too large to make in the request."""
    monkeypatch.setitem(app.config, "EXPORT_DIRECT_SECONDS", 0)


@pytest.fixture
def applications(open_fair, make_enterprise, make_application, session):
    """Three submitted applications and one approved, committed."""
    made = [make_application(fair=open_fair, enterprise=make_enterprise(legal_name=f"Công ty {n}"))
            for n in ("An", "Bình", "Châu")]
    made.append(make_application(fair=open_fair, enterprise=make_enterprise(legal_name="Công ty Dũng"),
                                 status="approved"))
    session.commit()
    return made


def test_a_large_queue_xlsx_link_offers_the_job_which_writes_the_filtered_queue(app, client, session, login_as,
                                                                                open_fair, applications, large):
    """The GET answers a page carrying the filters and no job is written; its button queues the job, the queue
    page follows it, and the file (opened by openpyxl) holds the filtered rows."""
    login_as("organizer")
    response = client.get(f"/fairs/{open_fair.id}/applications.xlsx", query_string={"status": "submitted"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'action="/fairs/{open_fair.id}/applications/export"' in page
    fields = _hidden(page)
    assert fields["status"] == "submitted" and "csrf_token" in fields
    assert job_count(session) == 0
    started = client.post(f"/fairs/{open_fair.id}/applications/export", data=fields)
    assert started.status_code == 302 and "job=" in started.headers["Location"]
    wait_for_jobs(app, session, timeout=120)
    job = session.scalars(sa.select(Job)).one()
    assert job.status == "done" and job.params["args"] == {"status": "submitted"}
    sheet = load_workbook(io.BytesIO(client.get(f"/jobs/{job.id}/download").data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == sorted(a.id for a in applications[:3])


def test_a_small_queue_xlsx_is_still_one_click(client, session, login_as, open_fair, applications):
    """Below EXPORT_DIRECT_SECONDS the link answers the XLSX itself, and CSV is always streamed at once."""
    login_as("organizer")
    response = client.get(f"/fairs/{open_fair.id}/applications.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert len(list(load_workbook(io.BytesIO(response.data), read_only=True).active.iter_rows())) == 5
    assert job_count(session) == 0


def test_an_exhibitor_can_neither_see_nor_start_the_queue_export(client, session, login_as, open_fair,
                                                               applications, large):
    """The queue is the organizer's: an exhibitor's GET and POST are refused and write nothing."""
    login_as("exhibitor")
    assert client.get(f"/fairs/{open_fair.id}/applications.xlsx").status_code == 403
    assert client.post(f"/fairs/{open_fair.id}/applications/export", data={}).status_code == 403
    assert job_count(session) == 0


def test_a_large_halls_plan_link_offers_the_job_which_makes_the_pdf(app, client, session, login_as, layout, hall,
                                                                    large):
    """The plan PDF's GET answers a page (no job) keeping the colouring; the button queues the job, its page
    follows it and then offers the PDF."""
    login_as("organizer")
    response = client.get(f"/fairs/{layout.id}/halls/{hall.id}/plan.pdf", query_string={"colour": "zone"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'action="/fairs/{layout.id}/halls/{hall.id}/plan/documents"' in page
    assert _hidden(page)["colour"] == "zone"
    assert re.search(r"(4 gian hàng|4 booths)", page)  # what the file holds, counted
    assert job_count(session) == 0
    started = client.post(f"/fairs/{layout.id}/halls/{hall.id}/plan/documents", data=_hidden(page))
    assert started.status_code == 302
    assert re.search(rf"/fairs/{layout.id}/plan/documents/\d+$", started.headers["Location"])
    wait_for_jobs(app, session, timeout=120)
    job = session.scalars(sa.select(Job)).one()
    assert (job.status, job.params["mode"], job.params["hall_id"]) == ("done", "zone", hall.id)
    done = client.get(started.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="job-download"' in done
    download = client.get(f"/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf" and download.data[:4] == b"%PDF"
    assert "Hall%20A.pdf" in download.headers["Content-Disposition"]


def test_a_small_halls_plan_is_still_one_click(client, session, login_as, layout, hall):
    """Below EXPORT_DIRECT_SECONDS the link answers the PDF itself."""
    login_as("organizer")
    response = client.get(f"/fairs/{layout.id}/halls/{hall.id}/plan.pdf")
    assert response.mimetype == "application/pdf" and response.data[:4] == b"%PDF"
    assert job_count(session) == 0


def test_the_plan_button_is_csrf_protected(app, client, session, login_as, layout, hall, large, monkeypatch):
    """With CSRF protection on, the POST without the page's token queues nothing; with it, a job."""
    login_as("organizer")
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(f"/fairs/{layout.id}/halls/{hall.id}/plan.pdf").get_data(as_text=True)
    client.post(f"/fairs/{layout.id}/halls/{hall.id}/plan/documents", data={"colour": "status"})
    assert job_count(session) == 0
    client.post(f"/fairs/{layout.id}/halls/{hall.id}/plan/documents",
                data={"colour": "status", "csrf_token": csrf_token_from(page)})
    wait_for_jobs(app, session, timeout=120)
    assert job_count(session) == 1


@pytest.mark.parametrize("role", ["exhibitor", "officer"])
def test_others_can_neither_start_nor_read_the_plan_job(app, client, session, make_user, login_as, layout, hall,
                                                        organizer, role):
    """An exhibitor or an officer cannot open the plan link, start its job, follow it or download its file."""
    job = start_plan_pdf(session, layout, hall, "status", language="vi", actor=organizer, now=utcnow())
    session.commit()
    assert run_job(app, job.id) == "done"
    login_as(role)
    assert client.get(f"/fairs/{layout.id}/halls/{hall.id}/plan.pdf").status_code == 403
    assert client.post(f"/fairs/{layout.id}/halls/{hall.id}/plan/documents", data={}).status_code == 403
    assert client.get(f"/fairs/{layout.id}/plan/documents/{job.id}").status_code == 403
    assert client.get(f"/jobs/{job.id}/download").status_code == 403
    assert job_count(session) == 1


def test_the_plan_job_checks_its_starter_again_when_it_runs(app, client, session, login_as, layout, hall,
                                                            organizer):
    """A job queued by an organizer who is no longer one when it runs fails and keeps no file; its page offers
    "Run again"."""
    job = start_plan_pdf(session, layout, hall, "status", language="vi", actor=organizer, now=utcnow())
    organizer.role = "exhibitor"
    session.commit()
    assert run_job(app, job.id) == "failed"
    session.expire_all()
    job = session.get(Job, job.id)
    assert job.file_id is None and job.message
    login_as("organizer")
    page = client.get(f"/fairs/{layout.id}/plan/documents/{job.id}").get_data(as_text=True)
    assert 'data-testid="job-run-again"' in page and 'data-testid="job-download"' not in page


def test_another_fairs_page_does_not_show_the_plan_job(app, client, session, login_as, layout, hall, organizer,
                                                       make_fair):
    """A plan job is followed only under its own fair's address."""
    job = start_plan_pdf(session, layout, hall, "status", language="vi", actor=organizer, now=utcnow())
    other = make_fair(code="OTHER")
    session.commit()
    login_as("organizer")
    assert client.get(f"/fairs/{other.id}/plan/documents/{job.id}").status_code == 404
