"""Attendance: the totals equal the raw records, broken down by day, hour, gate, type, country and province."""

import csv
import io
from datetime import timedelta

import openpyxl
import sqlalchemy as sa

from core.db import utcnow
from tests.visitors.conftest import nonce
from visitors.models import Admission, Scan, Visitor


def _scan(caller, fair, code, gate, **extra):
    return caller.post(f"/api/v1/fairs/{fair.id}/checkins", {"code": code, "gate": gate, "nonce": nonce(), **extra})


def test_the_figures_equal_the_raw_records(api, session, running_fair, registered):
    """Three visitors (two admitted, one twice and once yesterday), a garbage scan: every figure adds up."""
    hoa, hoa_code = registered(province="Hà Nội", visitor_type="trade_buyer")
    kim, kim_code = registered(country="KR", province=None, visitor_type="press")
    registered(province="Huế", visitor_type="visitor")  # registered, never came
    gate = api("staff", gate_fairs=[running_fair])
    yesterday = (utcnow() - timedelta(days=1)).isoformat()
    _scan(gate, running_fair, hoa_code, "Cổng A", scanned_at=yesterday)
    _scan(gate, running_fair, hoa_code, "Cổng A")
    _scan(gate, running_fair, hoa_code, "Cổng B")   # re-entry
    _scan(gate, running_fair, kim_code, "Cổng B")
    _scan(gate, running_fair, "garbage", "Cổng B")
    figures = api("organizer").get(f"/api/v1/fairs/{running_fair.id}/attendance").json
    assert figures["registered"] == session.scalar(sa.select(sa.func.count()).select_from(Visitor)) == 3
    assert figures["unique_visitors"] == 2
    entries = session.scalar(sa.select(sa.func.count()).select_from(Scan).where(
        Scan.result.in_(["admitted", "already_admitted"])))
    assert figures["entries"] == entries == 4 and figures["refused_scans"] == 1
    assert sum(day["entries"] for day in figures["by_day"]) == entries
    assert sum(day["admitted"] for day in figures["by_day"]) == session.scalar(
        sa.select(sa.func.count()).select_from(Admission)) == 3
    assert len(figures["by_day"]) == 2
    assert sum(hour["entries"] for hour in figures["by_hour"]) == entries and len(figures["by_hour"]) == 24
    assert {row["gate"]: row["entries"] for row in figures["by_gate"]} == {"Cổng A": 2, "Cổng B": 2}
    by_type = {row["key"]: (row["registered"], row["admitted"]) for row in figures["by_type"]}
    assert by_type == {"trade_buyer": (1, 1), "press": (1, 1), "visitor": (1, 0)}
    assert {row["key"]: row["admitted"] for row in figures["by_country"]} == {"VN": 1, "KR": 1}
    assert {row["key"]: row["registered"] for row in figures["by_province"]} == {"Hà Nội": 1, "Huế": 1}
    assert hoa.id != kim.id


def test_the_page_and_its_exports_show_the_same_totals(client, login_as, running_fair, registered, api):
    """The dashboard's numbers, and the CSV's total rows, match the API."""
    _visitor, code = registered()
    _scan(api("staff", gate_fairs=[running_fair]), running_fair, code, "Cổng 1")
    login_as("organizer")
    page = client.get(f"/fairs/{running_fair.id}/attendance").get_data(as_text=True)
    assert 'data-stat="entries">1<' in page and 'data-auto-refresh="60"' in page and "<svg" in page
    rows = list(csv.reader(io.StringIO(client.get(f"/fairs/{running_fair.id}/attendance.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    totals = {row[1]: row[2:] for row in rows if row[0] == "Tổng cộng"}  # sections and keys by name
    assert totals["Đã đăng ký"][0] == "1" and totals["Lượt vào"][2] == "1"
    xlsx = client.get(f"/fairs/{running_fair.id}/attendance.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_the_exports_count_offline_double_entries_as_the_dashboard_does(client, login_as, api, running_fair,
                                                                         registered):
    """A badge admitted at Cổng 2, then by a phone at Cổng 1 without network: the CSV's gate rows and total give
    the same offline double entries (and refused scans) as the API's figures; the XLSX has the same rows."""
    _hoa, code = registered()
    staff = api("staff", gate_fairs=[running_fair])
    _scan(staff, running_fair, code, "Cổng 2")
    _scan(staff, running_fair, code, "Cổng 1", offline_result="admitted")
    _scan(staff, running_fair, "garbage", "Cổng 1")
    figures = api("organizer").get(f"/api/v1/fairs/{running_fair.id}/attendance").json
    login_as("organizer", locale="en")
    rows = list(csv.reader(io.StringIO(client.get(f"/fairs/{running_fair.id}/attendance.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    header = rows[0]
    doubles, refused = header.index("offline_double_entries"), header.index("refused_scans")
    gates = {row[1]: row[doubles] for row in rows if row[0] == "Gate"}
    assert gates == {row["gate"]: str(row["offline_double_entries"]) for row in figures["by_gate"]}
    assert gates == {"Cổng 1": "1", "Cổng 2": "0"}
    totals = {row[1]: row for row in rows if row[0] == "Total"}
    assert totals["Entries"][doubles] == str(figures["offline_double_entries"]) == "1"
    assert totals["Refused scans"][refused] == str(figures["refused_scans"]) == "1"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/fairs/{running_fair.id}/attendance.xlsx").data)).active
    cells = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert [[str(cell) for cell in row] for row in cells] == rows
