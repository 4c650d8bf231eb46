"""The desk, the visitor list, bulk printing in the background, imports, and exhibitor staff within a quota."""

import io

import pypdf
import pypdfium2
import sqlalchemy as sa
import zxingcpp
from flask_babel import force_locale

from booths.applications.models import BoothAssignment
from core.db import utcnow
from core.jobs import Job
from tests.conftest import login
from tests.jobs_support import wait_for_jobs
from tests.visitors.conftest import nonce
from visitors import printing
from visitors.models import Badge, Visitor


def _desk_form(**over):
    data = {"full_name": "Walk In", "organisation": "Chợ Đồng Xuân", "email": "", "country": "VN",
            "province": "Hà Nội", "visitor_type": "visitor"}
    data.update(over)
    return data


def test_the_desk_registers_a_walk_in_and_prints_the_badge_at_once(client, login_as, session, running_fair):
    """No e-mail needed at the desk; the page offers the card PDF of the new visitor."""
    login_as("staff", gate_fairs=[running_fair])
    response = client.post(f"/fairs/{running_fair.id}/desk", data=_desk_form())
    assert response.status_code == 302 and "printed=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    visitor = session.scalars(sa.select(Visitor)).one()
    assert visitor.source == "desk" and visitor.email is None and 'data-testid="desk-print"' in page
    pdf = client.get(f"/fairs/{running_fair.id}/visitors/{visitor.id}/badge.pdf?size=cr80")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    page = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4, 1) == 85.6  # a CR80 card


def test_a_reissued_badge_revokes_the_old_code_at_the_gate(client, login_as, api, session, running_fair, registered):
    """Lost badge: reissue from the list; the old code answers 'revoked', the new one admits."""
    visitor, old_code = registered()
    login_as("staff", gate_fairs=[running_fair])
    assert client.post(f"/fairs/{running_fair.id}/visitors/{visitor.id}/reissue").status_code == 302
    badges = session.scalars(sa.select(Badge).where(Badge.visitor_id == visitor.id).order_by(Badge.id)).all()
    assert len(badges) == 2 and badges[0].revoked_at is not None and badges[1].revoked_at is None
    answer = api("staff", gate_fairs=[running_fair]).post(f"/api/v1/fairs/{running_fair.id}/checkins",
                               {"code": old_code, "gate": "1", "nonce": nonce()}).json
    assert answer["result"] == "revoked"


def test_bulk_printing_runs_in_chunks_in_the_background_and_only_its_creator_downloads(
        app, client, login_as, session, running_fair, registered, make_user, monkeypatch):
    """Five visitors, chunks of two: one A6 PDF of five pages, made by a job; another user gets 403."""
    monkeypatch.setattr(printing, "CHUNK", 2)
    for number in range(5):
        registered(full_name=f"Khách {number}")
    login_as("staff", gate_fairs=[running_fair])
    response = client.post(f"/fairs/{running_fair.id}/visitors/print", data={"size": "a6", "q": "", "type": ""})
    assert response.status_code == 302 and "job=" in response.headers["Location"]
    wait_for_jobs(app, session)
    job = session.scalars(sa.select(Job).where(Job.kind == "badges.print")).one()
    assert job.status == "done" and job.progress == 1.0 and job.result["count"] == 5
    assert 'data-testid="job-download"' in client.get(response.headers["Location"]).get_data(as_text=True)
    pdf = client.get(f"/jobs/{job.id}/download")
    assert pdf.status_code == 200 and len(pypdf.PdfReader(io.BytesIO(pdf.data)).pages) == 5
    other = app.test_client()
    stranger = make_user(role="staff")
    session.commit()
    login(other, stranger)
    assert other.get(f"/jobs/{job.id}/download").status_code == 403


def test_bulk_printing_on_sheets_joins_drawn_chunks_whose_codes_all_read_back(
        app, client, login_as, session, running_fair, registered, monkeypatch):
    """17 visitors in chunks of 8: three A4 pages of drawn sheets (8, 8, 1) joined into one PDF; PDFium and
    zxing-cpp read every visitor's signed code, once."""
    monkeypatch.setattr(printing, "CHUNK", 8)
    codes = [registered(full_name=f"Đặng Thị Khách {number:02d}")[1] for number in range(17)]
    login_as("staff", gate_fairs=[running_fair])
    response = client.post(f"/fairs/{running_fair.id}/visitors/print", data={"size": "sheet", "q": "", "type": ""})
    assert response.status_code == 302
    wait_for_jobs(app, session)
    job = session.scalars(sa.select(Job).where(Job.kind == "badges.print")).one()
    assert job.status == "done" and job.result["count"] == 17
    pdf = client.get(f"/jobs/{job.id}/download").data
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 3
    decoded = []
    for page in document:
        decoded += [result.text for result in zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil())]
    assert sorted(decoded) == sorted(codes)
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[2].extract_text()
    assert "Đặng Thị Khách" in text


def _csv(*rows: str) -> bytes:
    return ("full_name,email,country,province,visitor_type,organisation,sectors\n" + "\n".join(rows) + "\n").encode()


def test_an_import_registers_everyone_with_a_badge_or_nobody(client, login_as, session, running_fair):
    """A good file: three visitors with badges. A bad one: 422 with each problem's row, nothing stored."""
    login_as("organizer", locale="en")
    good = _csv("An,an@ex.vn,VN,Hải Dương,trade_buyer,Co A,handicraft;textiles_garments",
                "Bình,binh@ex.vn,JP,,press,NHK,", "Chi,chi@ex.vn,VN,Huế,vip,,")
    response = client.post(f"/fairs/{running_fair.id}/visitors/import",
                           data={"file": (io.BytesIO(good), "buyers.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert session.scalar(sa.select(sa.func.count()).select_from(Badge)) == 3
    assert session.scalars(sa.select(Visitor.province).where(Visitor.email == "an@ex.vn")).one() == "Hải Phòng"
    bad = _csv("Dung,dung@ex.vn,VN,Atlantis,trade_buyer,,", "Em,an@ex.vn,VN,Huế,visitor,,",
               "Phong,phong@ex.vn,VN,Huế,alien,,", "Phong 2,phong@ex.vn,VN,Huế,visitor,,")
    response = client.post(f"/fairs/{running_fair.id}/visitors/import",
                           data={"file": (io.BytesIO(bad), "buyers.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 3
    for row, needle in ((1, "province"), (2, "already registered"), (3, "visitor_type"), (4, "also on row 3")):
        assert needle in page, (row, needle)


def test_an_exhibitor_registers_staff_within_the_booth_quota(client, session, make_user, make_enterprise,
                                                            make_application, make_booth, running_fair):
    """One 3 × 3 m booth: 3 staff badges; a fourth is refused; another exhibitor cannot see the page."""
    owner = make_user(role="exhibitor")
    application = make_application(fair=running_fair, enterprise=make_enterprise(owner=owner), status="approved")
    booth = make_booth()
    booth.fair_id = running_fair.id
    booth.hall.fair_id = running_fair.id
    session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, source="manual", locked=True,
                                assigned_at=utcnow()))
    stranger = make_user(role="exhibitor")
    make_enterprise(owner=stranger)
    session.commit()
    login(client, owner)
    url = f"/applications/{application.id}/staff"
    assert 'data-testid="quota"' in client.get(url).get_data(as_text=True)
    for number in range(3):
        assert client.post(url, data={"full_name": f"Nhân viên {number}"}).status_code == 302
    refused = client.post(url, data={"full_name": "Nhân viên 4"})
    assert refused.status_code == 409
    staff = session.scalars(sa.select(Visitor).where(Visitor.application_id == application.id)).all()
    assert len(staff) == 3 and {s.visitor_type for s in staff} == {"exhibitor_staff"}
    assert {s.organisation for s in staff} == {application.enterprise.legal_name}
    other = client.application.test_client()
    login(other, stranger)
    assert other.get(url).status_code == 404
    with force_locale("en"):
        assert other.post(url, data={"full_name": "Intruder"}).status_code == 404
