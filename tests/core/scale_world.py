"""A small but complete running fair whose every list has `n` items, for tests that compare sizes.

Rows are added straight through the models (no e-mails, no signing), enough for each role's main pages to
show `n` rows: applications with a booth each, visitors with badges, admissions and scans, contracts, meetings
and leads of one exhibitor, grants of one programme.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from booths.applications.models import BoothAssignment
from contracts.models import Contract, Lead, Meeting
from core.db import utcnow
from support.models import SupportGrant, SupportProgramme
from tests import factories
from visitors.models import Admission, Badge, Scan, Visitor


@dataclass
class World:
    """Ids and codes of what `build_world` made (plain values: they outlive the session)."""

    fair_id: int
    fair_code: str
    hall_id: int
    booth_code: str
    application_id: int
    visitor_id: int
    lead_id: int
    programme_id: int
    organizer_id: int
    exhibitor_id: int
    officer_id: int
    staff_id: int               # gate staff assigned to the fair
    own_application_id: int     # the exhibitor's own application, with `n` people of its staff


def build_world(session, n: int) -> World:
    """A running fair with `n` applications, booths, visitors, scans, contracts, meetings, leads and grants."""
    now = utcnow()
    today = date.today()
    organizer = factories.make_user(session, role="organizer")
    exhibitor = factories.make_user(session, role="exhibitor")
    officer = factories.make_user(session, role="officer")
    gate_staff = factories.make_user(session, role="staff")
    fair = factories.make_fair(session, status="running", starts_on=today - timedelta(days=1),
                               ends_on=today + timedelta(days=3), application_deadline=None)
    hall = factories.make_hall(session, fair=fair)
    zone = factories.make_zone(session, fair=fair)
    programme = SupportProgramme(name="Khuyến công quốc gia", level="national", year=today.year,
                                 decision_ref="QĐ 1/QĐ-BCT", decision_date=today, budget_vnd=Decimal(10 ** 12),
                                 allowed_contents=["fair_participation", "booth_fee"], created_at=now)
    session.add(programme)
    applications, enterprises, booths, visitors = [], [], [], []
    for i in range(n):
        enterprise = factories.make_enterprise(session, owner=exhibitor if i == 0 else None,
                                               province="Bắc Ninh" if i % 2 else "Hà Nội",
                                               is_rural_industry=bool(i % 2))
        booth = factories.make_booth(session, hall=hall, zone=zone, x_cm=i * 300, y_cm=(i // 19) * 300)
        application = factories.make_application(session, fair=fair, enterprise=enterprise, status="approved",
                                                 booths_requested=1, decided_at=now)
        session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, source="manual",
                                    assigned_at=now))
        visitor = Visitor(fair_id=fair.id, full_name=f"Khách {i}", organisation=f"Tổ chức {i}",
                          email=f"khach{i}.{fair.id}@example.vn", country="VN" if i % 3 else "JP",
                          province="Hà Nội" if i % 3 else None, visitor_type="trade_buyer", sectors=["handicraft"],
                          source="desk", created_at=now)
        session.add(visitor)
        enterprises.append(enterprise)
        applications.append(application)
        booths.append(booth)
        visitors.append(visitor)
    session.flush()
    factories.assign_gate_staff(session, gate_staff, fair)
    staff = [Visitor(fair_id=fair.id, full_name=f"Nhân viên {i}", organisation=enterprises[0].legal_name,
                     email=f"nv{i}.{fair.id}@example.vn", country="VN", province="Hà Nội",
                     visitor_type="exhibitor_staff", sectors=[], source="staff", application_id=applications[0].id,
                     created_at=now) for i in range(n)]
    session.add_all(staff)
    session.flush()
    for i, person in enumerate(staff):
        session.add(Badge(fair_id=fair.id, visitor_id=person.id, serial=fair.id * 100_000 + 50_000 + i,
                          issued_at=now))
    leads = []
    for i, (enterprise, visitor) in enumerate(zip(enterprises, visitors, strict=True)):
        session.add(Badge(fair_id=fair.id, visitor_id=visitor.id, serial=fair.id * 100_000 + i + 1, issued_at=now))
        session.add(Admission(fair_id=fair.id, visitor_id=visitor.id, day=today, gate="A", admitted_at=now))
        session.add(Scan(fair_id=fair.id, nonce=f"n{i}", gate="A", code="x", result="admitted",
                         visitor_id=visitor.id, scanned_at=now, received_at=now, scanned_by_id=organizer.id))
        session.add(Contract(fair_id=fair.id, seller_enterprise_id=enterprises[0 if i % 2 else i].id,
                             buyer_enterprise_id=None, buyer_name=f"Buyer {i}", buyer_country="JP",
                             kind="contract", category="handicraft", amount=Decimal(1_000_000 + i),
                             currency="VND", fx_rate_to_vnd=Decimal(1), value_vnd=Decimal(1_000_000 + i),
                             value_usd=Decimal(40), signed_on=today, status="signed", created_by_id=organizer.id,
                             created_at=now, updated_at=now))
        session.add(Meeting(fair_id=fair.id, buyer_visitor_id=visitor.id, enterprise_id=enterprises[0].id,
                            day=today + timedelta(days=1), start_minute=9 * 60 + 30 * (i % 16) + (i // 16),
                            minutes=30, place="booth", status="accepted" if i < 16 else "requested",
                            requested_at=now, proposed_by_id=None))
        lead = Lead(fair_id=fair.id, enterprise_id=enterprises[0].id, visitor_id=visitor.id, rating=1 + i % 5,
                    scans=1, scanned_by_id=exhibitor.id, first_scanned_at=now, last_scanned_at=now)
        session.add(lead)
        leads.append(lead)
        session.add(SupportGrant(programme=programme, enterprise_id=enterprise.id, fair_id=fair.id,
                                 content="fair_participation", amount_vnd=Decimal(5_000_000), status="approved",
                                 source="manual", created_by_id=organizer.id, created_at=now, updated_at=now))
    session.flush()
    return World(fair_id=fair.id, fair_code=fair.code, hall_id=hall.id, booth_code=booths[-1].code,
                 application_id=applications[-1].id, visitor_id=visitors[-1].id, lead_id=leads[-1].id,
                 programme_id=programme.id, organizer_id=organizer.id, exhibitor_id=exhibitor.id,
                 officer_id=officer.id, staff_id=gate_staff.id, own_application_id=applications[0].id)
