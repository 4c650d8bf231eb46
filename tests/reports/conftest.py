"""A small world for the report tests: two fairs, two programmes, supported enterprises, contracts, booths."""

from datetime import date
from decimal import Decimal

import pytest

from booths.applications.models import BoothAssignment
from contracts.models import Contract
from core.db import utcnow
from support.models import SupportGrant
from support.services import create_programme


def add_contract(session, fair, seller, value: int, *, status: str = "signed") -> Contract:
    """A VND contract of `value` signed on the fair's first day."""
    now = utcnow()
    contract = Contract(fair_id=fair.id, seller_enterprise_id=seller.id, buyer_name="Kyoto Trading",
                        buyer_country="JP", kind="contract", category="handicraft", amount=Decimal(value),
                        currency="VND", fx_rate_to_vnd=Decimal(1), value_vnd=Decimal(value),
                        value_usd=Decimal(value) / 25000, signed_on=fair.starts_on, status=status,
                        confidential=False, created_at=now, updated_at=now)
    session.add(contract)
    session.flush()
    return contract


def add_grant(session, programme, enterprise, amount: int, *, fair=None, content="booth_fee",
              status="approved") -> SupportGrant:
    """A grant written straight to the table (the report must not depend on the service's checks)."""
    now = utcnow()
    grant = SupportGrant(programme_id=programme.id, enterprise_id=enterprise.id, fair_id=fair.id if fair else None,
                         content=content, amount_vnd=amount, status=status, source="manual", created_at=now,
                         updated_at=now)
    session.add(grant)
    session.flush()
    return grant


@pytest.fixture
def world(session, make_fair, make_hall, make_enterprise, make_booth, make_application):
    """Fair A (2026) and an earlier fair B (2025); Hà Tây's establishment counts as Hà Nội; a cancelled contract."""
    fair_a = make_fair(code="FAIR-A", starts_on=date(2026, 4, 20))
    fair_b = make_fair(code="FAIR-B", starts_on=date(2025, 4, 20))
    national = create_programme(session, {
        "name": "Khuyến công quốc gia", "level": "national", "year": 2026, "decision_ref": "1288/QĐ-BCT",
        "decision_date": "2026-01-15", "budget_vnd": 1_000_000_000, "agency": "Bộ Công Thương"},
        actor=None, now=utcnow())
    hanoi = create_programme(session, {
        "name": "Khuyến công Hà Nội", "level": "provincial", "province": "Hà Nội", "year": 2025,
        "decision_ref": "1034/QĐ-UBND", "decision_date": "2025-03-06", "budget_vnd": 500_000_000,
        "agency": "Trung tâm Khuyến công Hà Nội"}, actor=None, now=utcnow())
    ha_tay = make_enterprise(legal_name="Cơ sở Mây tre Phú Vinh", province="Hà Tây", kind="rural_establishment",
                             tax_code="0100109106")
    hanoi_firm = make_enterprise(legal_name="HTX Gốm Bát Tràng", province="Hà Nội", kind="cooperative")
    hai_duong = make_enterprise(legal_name="Cơ sở Gốm Chu Đậu", province="Hải Dương", kind="rural_establishment")
    unsupported = make_enterprise(legal_name="Công ty Không hỗ trợ", province="Hà Nội")
    booth = make_booth(hall=make_hall(fair=fair_a), price_vnd=12_000_000)
    application = make_application(fair=fair_a, enterprise=ha_tay, status="approved")
    session.add(BoothAssignment(booth_id=booth.id, application_id=application.id, source="manual",
                                assigned_at=utcnow()))
    add_grant(session, national, ha_tay, 12_000_000, fair=fair_a)
    add_grant(session, national, ha_tay, 3_000_000, fair=fair_a, content="travel", status="disbursed")
    add_grant(session, national, hanoi_firm, 6_000_000, fair=fair_a)
    add_grant(session, national, hai_duong, 9_000_000, fair=fair_a)
    add_grant(session, national, hai_duong, 50_000_000, fair=fair_a, status="planned")  # not support yet
    add_grant(session, hanoi, ha_tay, 4_000_000, fair=fair_b, content="fair_participation")
    add_grant(session, hanoi, hanoi_firm, 2_000_000, content="training")
    add_contract(session, fair_a, ha_tay, 100_000_000)
    add_contract(session, fair_a, ha_tay, 50_000_000)
    add_contract(session, fair_a, hai_duong, 30_000_000)
    add_contract(session, fair_a, hai_duong, 999_000_000, status="cancelled")
    add_contract(session, fair_a, unsupported, 700_000_000)
    add_contract(session, fair_b, ha_tay, 20_000_000)
    session.commit()
    return {"fair_a": fair_a, "fair_b": fair_b, "national": national, "hanoi": hanoi, "ha_tay": ha_tay,
            "hanoi_firm": hanoi_firm, "hai_duong": hai_duong, "unsupported": unsupported}
