"""The demo tells every journey at once: the demo exhibitor finds booths, staff, a contract, leads and meetings
through its own pages with no organizer step, and the demo's enterprises are coherent and valid."""

import re

import pytest
import sqlalchemy as sa

from accounts.setup import DEMO_PASSWORD
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise


@pytest.fixture
def demo(app, session):
    """A fresh database with `flask demo` loaded."""
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _link(html: str, testid: str) -> str:
    match = re.search(r'href="([^"]+)"[^>]*data-testid="' + testid + '"', html)
    assert match, testid
    return match.group(1).replace("&amp;", "&")


def test_the_demo_exhibitor_finds_its_booths_staff_contract_leads_and_meetings(demo, client):
    """Logged in with the printed login, the exhibitor walks from its portal to every part of its fair."""
    assert "exhibitor@demo.hoicho.vn" in demo
    response = client.post("/login", data={"email": "exhibitor@demo.hoicho.vn", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    portal = _page(client, "/portal")
    assert "Hợp tác xã Gốm sứ Bát Tràng" in portal
    codes = re.search(r'data-testid="booth-codes">\s*([A-Z]-\d{3}(?:, [A-Z]-\d{3})*)', portal)
    assert codes, "the portal shows the booth codes"
    application_url = re.search(r'href="(/applications/\d+)"', portal).group(1)
    staff = _page(client, _link(_page(client, application_url), "staff-link"))
    assert "Nguyễn Thị Lan" in staff and "Trần Văn Minh" in staff
    contracts = _page(client, _link(portal, "contracts-link"))
    assert "Kyoto Trading K.K." in contracts
    leads = _page(client, _link(portal, "leads-link"))
    assert len(re.findall(r'href="/leads/\d+"', leads)) >= 6
    meetings = _page(client, _link(portal, "meetings-link"))
    assert "Cần báo giá 500 bình hoa" in meetings  # a request waiting for an answer
    waiting, accepted = (int(n) for n in re.findall(r'<span class="muted">\((\d+)\)</span>', meetings)[:2])
    assert waiting >= 1 and accepted >= 2  # one held yesterday, one tomorrow


def test_every_demo_tax_code_passes_the_products_own_check(demo, session):
    """No demo enterprise carries a tax code the profile form would refuse."""
    codes = list(session.scalars(sa.select(Enterprise.tax_code).where(Enterprise.tax_code.is_not(None))))
    assert len(codes) > 200
    assert [code for code in codes if normalise_tax_code(code) != code] == []


def test_craft_villages_make_their_own_crafts_in_their_own_province(demo, session):
    """Bát Tràng makes ceramics in Hà Nội; Vạn Phúc weaves silk in Hà Nội (Hà Tây before 2025)."""
    bat_trang = list(session.scalars(sa.select(Enterprise).where(Enterprise.legal_name.contains("Bát Tràng"))))
    van_phuc = list(session.scalars(sa.select(Enterprise).where(Enterprise.legal_name.contains("Vạn Phúc"))))
    assert len(bat_trang) > 5 and len(van_phuc) > 5
    assert all(e.province == "Hà Nội" and e.sector == "handicraft" and "Gốm" in e.legal_name and "Gốm" in e.products
               for e in bat_trang)
    assert all(e.province in ("Hà Nội", "Hà Tây") and e.sector == "textiles_garments" and "Lụa" in e.legal_name
               for e in van_phuc)
