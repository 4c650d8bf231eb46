"""The fair summary and results dashboard: every figure equals the sums of the raw records."""

import io
import random
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from contracts.models import Contract, Lead, Meeting
from core.db import utcnow
from core.reference.provinces import resolve_province
from reports.summary import fair_summary
from visitors import attendance_tally
from visitors.models import Admission, AttendanceTally, Scan, Visitor

KINDS = ("domestic", "international", "technical")


@pytest.fixture
def busy_fair(session, make_fair, make_hall, make_zone, make_booth, make_enterprise, make_application):
    """A fair with booths in three kinds of zone, exhibitors from several origins, visitors, scans,
    contracts (some cancelled, some confidential, in several currencies), meetings and leads."""
    rng = random.Random(7)
    fair = make_fair(status="running")
    hall = make_hall(fair=fair)
    zones = [make_zone(fair=fair, kind=kind) for kind in KINDS]
    booths = [make_booth(hall=hall, zone=zones[i % 3], code=f"A-{i}", x_cm=(i % 19) * 300, y_cm=(i // 19) * 400)
              for i in range(23)]
    origins = [("VN", "Hà Nội"), ("VN", "Hà Tây"), ("VN", "Huế"), ("VN", "Đồng Nai"), ("JP", None), ("KR", None)]
    sellers = []
    for index, (country, province) in enumerate(origins):
        enterprise = make_enterprise(country=country, province=province, legal_name=f"Seller {index}")
        application = make_application(fair=fair, enterprise=enterprise, status="approved")
        sellers.append(enterprise)
        for booth in booths[index * 2:index * 2 + rng.choice((1, 2))]:
            session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, assigned_at=utcnow()))
    make_application(fair=fair, status="submitted")  # not an exhibitor (yet)
    now = utcnow()
    visitors = []
    for index in range(40):
        visitor = Visitor(fair_id=fair.id, full_name=f"Khách {index}", email=f"v{index}@example.vn", country="VN",
                          province="Hà Nội", visitor_type="trade_buyer" if index % 4 == 0 else "visitor",
                          source="web", sectors=[], created_at=now)
        session.add(visitor)
        visitors.append(visitor)
    session.flush()
    for index, visitor in enumerate(visitors[:30]):
        for day_offset in range(1 + index % 3):
            day = fair.starts_on + timedelta(days=day_offset)
            at = datetime.combine(day, time(3 + index % 5), tzinfo=UTC)
            session.add(Admission(fair_id=fair.id, visitor_id=visitor.id, day=day, gate="A", admitted_at=at))
            for scan_index, result in enumerate(("admitted", "already_admitted", "invalid")[:1 + index % 3]):
                session.add(Scan(fair_id=fair.id, nonce=f"n-{visitor.id}-{day_offset}-{scan_index}", gate="A",
                                 code="F1…", result=result, visitor_id=visitor.id,
                                 scanned_at=at + timedelta(minutes=scan_index), received_at=now))
    for index in range(57):
        currency, rate = rng.choice((("VND", Decimal(1)), ("USD", Decimal("25400.5")), ("JPY", Decimal("168.25"))))
        amount = Decimal(rng.randrange(100, 10_000_000)) / 100
        value_vnd = (amount * rate).quantize(Decimal(1))
        session.add(Contract(
            fair_id=fair.id, seller_enterprise_id=rng.choice(sellers).id, buyer_name=f"Buyer {index}",
            buyer_country=rng.choice(("VN", "US", "JP")), buyer_province=None, kind=rng.choice(("mou", "contract",
                                                                                                 "order")),
            category=rng.choice(("handicraft", "food_processing")), amount=amount, currency=currency,
            fx_rate_to_vnd=rate, value_vnd=max(value_vnd, Decimal(1)),
            value_usd=(max(value_vnd, Decimal(1)) / Decimal("25400.5")).quantize(Decimal("0.01")),
            signed_on=fair.starts_on, status=rng.choice(("signed", "signed", "in_progress", "cancelled")),
            confidential=index % 5 == 0, verified_at=now if index % 3 == 0 else None, created_at=now,
            updated_at=now))
    buyers = [v for v in visitors if v.visitor_type == "trade_buyer"]
    for index, buyer in enumerate(buyers):
        for slot in range(3):
            status = ("accepted", "requested", "declined")[(index + slot) % 3]
            session.add(Meeting(fair_id=fair.id, buyer_visitor_id=buyer.id, enterprise_id=sellers[slot].id,
                                day=fair.starts_on, start_minute=480 + 30 * (index * 3 + slot), minutes=30,
                                place="booth",
                                status=status, outcome="follow_up" if status == "accepted" and index % 2 else None,
                                requested_at=now))
    for index, visitor in enumerate(visitors[:25]):
        session.add(Lead(fair_id=fair.id, enterprise_id=sellers[index % 4].id, visitor_id=visitor.id,
                         first_scanned_at=now, last_scanned_at=now))
    _other_fair(session, make_fair, make_hall, make_booth, make_enterprise, make_application, now)
    session.commit()
    return fair


def _other_fair(session, make_fair, make_hall, make_booth, make_enterprise, make_application, now):
    """Rows of every kind at another fair, which the busy fair's figures must not count."""
    other = make_fair(status="running")
    booth = make_booth(hall=make_hall(fair=other))
    seller = make_enterprise(province="Cao Bằng")
    application = make_application(fair=other, enterprise=seller, status="approved")
    session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, assigned_at=now))
    visitor = Visitor(fair_id=other.id, full_name="Other", email="other@example.vn", country="VN", province="Huế",
                      visitor_type="trade_buyer", source="web", sectors=[], created_at=now)
    session.add(visitor)
    session.flush()
    session.add(Admission(fair_id=other.id, visitor_id=visitor.id, day=other.starts_on, gate="A", admitted_at=now))
    session.add(Scan(fair_id=other.id, nonce="other", gate="A", code="F1", result="admitted", visitor_id=visitor.id,
                     scanned_at=now, received_at=now))
    session.add(Contract(fair_id=other.id, seller_enterprise_id=seller.id, buyer_name="Other", buyer_country="VN",
                         buyer_province="Huế", kind="order", category="handicraft", amount=Decimal(5),
                         currency="VND", fx_rate_to_vnd=Decimal(1), value_vnd=Decimal(5), value_usd=Decimal(0),
                         signed_on=other.starts_on, status="signed", created_at=now, updated_at=now))
    session.add(Meeting(fair_id=other.id, buyer_visitor_id=visitor.id, enterprise_id=seller.id, day=other.starts_on,
                        start_minute=540, minutes=30, place="booth", status="accepted", outcome="no_deal",
                        requested_at=now))
    session.add(Lead(fair_id=other.id, enterprise_id=seller.id, visitor_id=visitor.id, first_scanned_at=now,
                     last_scanned_at=now))


def _raw(session, fair) -> dict:
    """The figures computed from the raw rows in Python, independently of the SQL aggregation."""
    booths = session.scalars(sa.select(Booth).where(Booth.fair_id == fair.id)).all()
    assignments = [a for a in session.scalars(sa.select(BoothAssignment)) if a.booth.fair_id == fair.id]
    exhibitors = {a.enterprise for a in session.scalars(sa.select(BoothApplication).where(
        BoothApplication.fair_id == fair.id, BoothApplication.status == "approved"))}
    contracts = [c for c in session.scalars(sa.select(Contract).where(Contract.fair_id == fair.id))
                 if c.status != "cancelled"]
    meetings = [m for m in session.scalars(sa.select(Meeting)) if m.status == "accepted" and m.fair_id == fair.id]
    scans = [s for s in session.scalars(sa.select(Scan)) if s.fair_id == fair.id]
    return {
        "booths": {"total": len(booths), "assigned": len({a.booth_id for a in assignments}),
                   "by_zone_kind": dict(Counter(b.zone.kind for b in booths))},
        "exhibitors": len(exhibitors),
        "provinces": len({resolve_province(e.province).name_vi for e in exhibitors if e.province}),
        "countries": len({e.country for e in exhibitors}),
        "visitors": {"registered": len([v for v in session.scalars(sa.select(Visitor)) if v.fair_id == fair.id]),
                     "checked_in": len({a.visitor_id for a in session.scalars(sa.select(Admission))
                                        if a.fair_id == fair.id}),
                     "entries": sum(1 for s in scans if s.result in ("admitted", "already_admitted"))},
        "contracts": {"count": len(contracts), "value_vnd": str(sum(c.value_vnd for c in contracts)),
                      "value_usd": str(sum(c.value_usd for c in contracts)),
                      "verified": sum(1 for c in contracts if c.verified_at)},
        "meetings": {"count": len(meetings), "held": sum(1 for m in meetings if m.outcome)},
        "leads": len([lead for lead in session.scalars(sa.select(Lead)) if lead.fair_id == fair.id]),
    }


def test_the_summary_equals_the_sums_of_the_raw_records(api, session, busy_fair):
    """GET /summary: booths by zone kind, exhibitors, visitors, contracts and their values, meetings, leads."""
    response = api("organizer").get(f"/api/v1/fairs/{busy_fair.id}/summary")
    assert response.status_code == 200
    expected = _raw(session, busy_fair)
    assert response.json == expected
    assert expected["contracts"]["count"] < 57  # cancelled ones were really left out
    assert set(expected["booths"]["by_zone_kind"]) == set(KINDS)
    assert expected["provinces"] == 3  # Hà Tây counts under Hà Nội


def test_public_figures_leave_confidential_amounts_out(session, busy_fair):
    """Confidential contracts count for organizers; public figures leave them out."""
    full, public = fair_summary(session, busy_fair), fair_summary(session, busy_fair, public=True)
    confidential = [c for c in session.scalars(sa.select(Contract)) if c.confidential and c.status != "cancelled"]
    assert confidential
    assert full["contracts"]["count"] - public["contracts"]["count"] == len(confidential)
    assert full["contracts"]["value_vnd"] - public["contracts"]["value_vnd"] == sum(c.value_vnd for c in confidential)


def test_exhibitors_and_anonymous_callers_get_no_summary(api, client, busy_fair):
    """The summary is for organizers and officers: an exhibitor gets 403, no token 401."""
    assert api("exhibitor").get(f"/api/v1/fairs/{busy_fair.id}/summary").status_code == 403
    assert client.get(f"/api/v1/fairs/{busy_fair.id}/summary").status_code == 401
    assert api("officer").get(f"/api/v1/fairs/{busy_fair.id}/summary").status_code == 200


def test_the_dashboard_and_its_xlsx_show_the_same_totals(login_as, client, session, busy_fair):
    """The results page shows the contract count and value; the XLSX holds numeric cells that sum up."""
    login_as("organizer", locale="en")
    expected = _raw(session, busy_fair)
    page = client.get(f"/fairs/{busy_fair.id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'data-stat="contracts">{expected["contracts"]["count"]}<' in html
    assert "<svg" in html and "Contract value by seller" in html
    book = load_workbook(io.BytesIO(client.get(f"/fairs/{busy_fair.id}/results.xlsx").data))
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    total = next(row for row in rows if row[0] == "Contracts" and row[1] == "Total")
    assert total[2] == expected["contracts"]["count"]
    assert Decimal(str(total[3])) == Decimal(expected["contracts"]["value_vnd"])
    by_kind = [row for row in rows if row[0] == "Contracts by kind"]
    assert {row[1] for row in by_kind} <= {"Memorandum of understanding", "Contract", "Order"}  # names, not codes
    assert sum(row[2] for row in by_kind) == expected["contracts"]["count"]
    assert isinstance(by_kind[0][3], (int, float)) and sheet.freeze_panes == "A2"
    by_province = [row for row in rows if row[0] == "Contracts by seller's province"]
    assert sum(Decimal(str(row[3])) for row in by_province) == Decimal(expected["contracts"]["value_vnd"])
    assert "Hà Tây" not in {row[1] for row in by_province}  # merged into Hà Nội


def test_the_published_figures_leave_confidential_amounts_out(client, session, busy_fair, make_fair):
    """The public results page counts only contracts not confidential; a draft fair has none to show."""
    page = client.get(f"/f/{busy_fair.code}/results").get_data(as_text=True)
    public = [c for c in session.scalars(sa.select(Contract).where(Contract.fair_id == busy_fair.id))
              if c.status != "cancelled" and not c.confidential]
    assert f'data-stat="contracts">{len(public)}<' in page
    assert client.get(f"/f/{busy_fair.code}").get_data(as_text=True).count("public-results-link") == 1
    draft = make_fair(status="draft")
    session.commit()
    assert client.get(f"/f/{draft.code}/results").status_code == 404


def _later_attendance(session, fair) -> None:
    """A new visitor admitted, a second day of a visitor admitted before, and scans of every result."""
    visitors = list(session.scalars(sa.select(Visitor).where(Visitor.fair_id == fair.id).order_by(Visitor.id)))
    now, day = utcnow(), fair.starts_on + timedelta(days=1)
    newcomer = Visitor(fair_id=fair.id, full_name="Khách mới", email="new@example.vn", country="KR",
                       visitor_type="visitor", source="web", sectors=[], created_at=now)
    session.add(newcomer)
    session.flush()
    for visitor in (newcomer, visitors[0], visitors[35]):  # new; admitted before (day 0 only); never admitted
        session.add(Admission(fair_id=fair.id, visitor_id=visitor.id, day=day, gate="B", admitted_at=now))
        for index, result in enumerate(("admitted", "already_admitted", "invalid")):
            session.add(Scan(fair_id=fair.id, nonce=f"later-{visitor.id}-{index}", gate="B", code="F1…",
                             result=result, visitor_id=visitor.id, scanned_at=now, received_at=now))
    session.commit()


def test_the_attendance_figures_equal_a_raw_count_before_and_after_a_tally_fold(session, busy_fair, monkeypatch):
    """Registered, checked in and entries come from the attendance tally: they equal a count of the raw rows
    with no tally, after a fold (in steps of 7 ids), with rows after the watermark, and after a second fold."""
    monkeypatch.setattr(attendance_tally, "FOLD_AT", 10_000)
    assert fair_summary(session, busy_fair)["visitors"] == _raw(session, busy_fair)["visitors"]
    assert session.get(AttendanceTally, busy_fair.id) is None

    monkeypatch.setattr(attendance_tally, "FOLD_AT", 0)
    monkeypatch.setattr(attendance_tally, "FOLD_STEP", 7)
    before = _raw(session, busy_fair)["visitors"]
    assert fair_summary(session, busy_fair)["visitors"] == before
    session.expire_all()
    folded = session.get(AttendanceTally, busy_fair.id).scan_id
    assert folded == session.scalar(sa.select(sa.func.max(Scan.id)).where(Scan.fair_id == busy_fair.id))

    monkeypatch.setattr(attendance_tally, "FOLD_AT", 10_000)
    _later_attendance(session, busy_fair)
    after = _raw(session, busy_fair)["visitors"]
    assert after == {"registered": before["registered"] + 1, "checked_in": before["checked_in"] + 2,
                     "entries": before["entries"] + 6}
    assert fair_summary(session, busy_fair, public=True)["visitors"] == after  # the tally plus the rows after it
    session.expire_all()
    assert session.get(AttendanceTally, busy_fair.id).scan_id == folded

    monkeypatch.setattr(attendance_tally, "FOLD_AT", 0)
    assert fair_summary(session, busy_fair)["visitors"] == after
    session.expire_all()
    assert session.get(AttendanceTally, busy_fair.id).scan_id > folded
