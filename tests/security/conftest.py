"""Two enterprises in two provinces, each with every kind of object it owns at one running fair: the world the
IDOR matrix and the officer-province sweep walk.

Each side's strings (names, tax code, buyer, staff, file names) carry a marker, so a test can tell whether a
response served anything of the other side.
"""

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import docx
import openpyxl
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from accounts.models import UserSession
from accounts.services import issue_api_token
from accounts.sessions import open_session
from booths.applications.attachments import attach_file
from booths.applications.models import BoothAssignment
from contracts.attachments import attach_contract_file
from contracts.models import Contract, FxRate, Lead, Meeting
from core.db import utcnow
from enterprises.invitations import invite_member
from enterprises.services import set_logo
from support.agencies import create_agency
from support.models import SupportGrant
from support.projects import standing_project
from support.scopes import set_officer_province
from support.services import create_programme
from tests import factories
from visitors.services import register_visitor
from visitors.staff import register_staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SIDES = {"a": {"province": "Hà Nội", "word": "Alphacraft", "tax": "0101243150"},
         "b": {"province": "Đà Nẵng", "word": "Betaware", "tax": "0400100457"}}


def markers(side: dict) -> list[str]:
    """The strings that would betray a side's objects in a response: the word in all its names (enterprise,
    buyer, staff, visitor, files, notes) and its tax code."""
    return [side["word"], side["tax"]]


def readable_text(response) -> str:
    """A response's text as a person would read it: its file name, then PDF text, DOCX text, XLSX cells or the body."""
    return response.headers.get("Content-Disposition", "") + "\n" + _body_text(response)


def _body_text(response) -> str:
    data = response.get_data()
    if data.startswith(b"%PDF"):
        try:
            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        except Exception:  # a stored scan (our tiny PDF) has no pages to read
            return data.decode("latin-1")
    if data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data)):
        if "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist():
            document = docx.Document(io.BytesIO(data))
            cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
            return "\n".join([paragraph.text for paragraph in document.paragraphs] + list(cells))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return data.decode("utf-8", errors="replace")


@pytest.fixture
def world(app, session, make_fair, make_hall, make_zone, make_booth, make_user):
    """A running fair with enterprises A (Hà Nội) and B (Đà Nẵng), each with its owner, application (a booth,
    a licence file, a staff member), contract (a scan), logo, support grant, a lead and a meeting with a buyer."""
    today = date.today()
    fair = make_fair(status="running", starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=3),
                     application_deadline=None)
    hall = make_hall(fair=fair)
    zone = make_zone(fair=fair)
    organizer = make_user(role="organizer")
    programme = create_programme(session, {
        "name": "Khuyến công quốc gia", "level": "national", "year": today.year, "decision_ref": "1288/QĐ-BCT",
        "decision_date": today.isoformat(), "budget_vnd": 1_000_000_000, "agency": "Bộ Công Thương"},
        actor=organizer, now=utcnow())
    now = utcnow()
    project = standing_project(session, programme, "booth_fee", now=now)
    agency = create_agency(session, {
        "governing_body": "SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI", "name": "TRUNG TÂM KHUYẾN CÔNG", "abbreviation": "TTKC",
        "seat": "Hà Nội", "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn A", "recipients": []},
        actor=organizer, now=now)
    session.add(FxRate(fair_id=fair.id, currency="USD", rate_to_vnd=Decimal(25000), valid_on=fair.starts_on,
                       created_at=now))
    world = {"fair": fair, "hall": hall, "organizer": organizer, "programme": programme, "project": project,
             "agency": agency}
    for key, side in SIDES.items():
        owner = make_user(role="exhibitor")
        enterprise = factories.make_enterprise(
            session, owner=owner, legal_name=f"Công ty {side['word']}", name_en=f"{side['word']} Company",
            province=side["province"], tax_code=side["tax"])
        application = factories.make_application(session, fair=fair, enterprise=enterprise, status="approved")
        booth = make_booth(hall=hall, zone=zone, code=f"{key.upper()}-01")
        session.add(BoothAssignment(booth=booth, application=application, assigned_at=now))
        licence = attach_file(session, application, purpose="licence", filename=f"{side['word']}-licence.pdf",
                              data=PDF, actor=owner, now=now)
        staff = register_staff(session, application, {"full_name": f"{side['word']} Staffer", "job_title": "",
                                                      "email": "", "phone": ""}, actor=owner, now=now, per_9m2=3)
        contract = Contract(fair_id=fair.id, seller_enterprise_id=enterprise.id, buyer_name=f"{side['word']} Buyer",
                            buyer_country="JP", kind="contract", category="handicraft", amount=Decimal(100),
                            currency="VND", fx_rate_to_vnd=Decimal(1), value_vnd=Decimal(100), value_usd=Decimal(0),
                            signed_on=fair.starts_on, status="signed", created_at=now, updated_at=now)
        session.add(contract)
        session.flush()
        scan = attach_contract_file(session, contract, filename=f"{side['word']}-scan.pdf", data=PDF, actor=owner,
                                    now=now)
        logo = set_logo(session, enterprise, PNG, actor=owner, now=now)
        grant = SupportGrant(programme_id=programme.id, enterprise_id=enterprise.id, fair_id=fair.id,
                             content="booth_fee", amount_vnd=1_000_000, status="approved", source="manual",
                             created_at=now, updated_at=now)
        session.add(grant)
        buyer, _created = register_visitor(session, fair, {
            "full_name": f"Buyer {key.upper()}", "organisation": "Osaka Trading", "job_title": "",
            "email": f"buyer-{key}@example.jp", "phone": "", "country": "JP", "province": "",
            "visitor_type": "trade_buyer", "sectors": ["handicraft"], "consent": True},
            source="api", actor=organizer, now=now)
        lead = Lead(fair_id=fair.id, enterprise_id=enterprise.id, visitor_id=buyer.id, first_scanned_at=now,
                    last_scanned_at=now, notes=f"{side['word']} lead notes")
        meeting = Meeting(fair_id=fair.id, buyer_visitor_id=buyer.id, enterprise_id=enterprise.id, day=fair.starts_on,
                          start_minute=600 + 60 * len(world), minutes=30, requested_at=now,
                          message=f"{side['word']} meeting message")
        session.add_all([lead, meeting])
        session.flush()
        invitation = invite_member(session, enterprise, f"invitee-{key}@khach.hoicho.vn", actor=owner, now=now,
                                   invitation_url=lambda secret: f"https://example.test/invitations/{secret}")
        open_session(session, owner, user_agent="pytest", address="127.0.0.1", now=now,
                     limits=app.config)
        login_record = session.scalar(sa.select(UserSession).where(UserSession.user_id == owner.id))
        world[key] = {**side, "owner": owner, "enterprise": enterprise, "application": application,
                      "booth": booth, "licence": licence, "staff": staff, "contract": contract, "scan": scan,
                      "logo": logo, "grant": grant, "buyer": buyer, "lead": lead, "meeting": meeting,
                      "invitation": invitation, "login": login_record}
    officer = make_user(role="officer")
    set_officer_province(session, officer, SIDES["a"]["province"], actor=None, now=now)
    world["officer"] = officer
    session.commit()
    return world


@pytest.fixture
def bearer(session):
    """`bearer(user)` → the Authorization header of a fresh API token of `user` (committed)."""

    def _bearer(user) -> dict:
        raw = issue_api_token(session, user, "t", now=utcnow())
        session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return _bearer
