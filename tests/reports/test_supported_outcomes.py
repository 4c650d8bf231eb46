"""Business meetings and leads of supported enterprises appear in the supported-enterprise report."""

from contracts.models import Lead, Meeting
from core.db import utcnow
from visitors.models import Visitor

URL = "/api/v1/reports/supported-enterprises"


def test_meetings_and_leads_count_for_their_enterprise_and_fair(api, session, world):
    """Accepted meetings (not declined ones) and leads at fair A count for Hà Tây's establishment; fair B's do not."""
    fair_a, fair_b, ha_tay = world["fair_a"], world["fair_b"], world["ha_tay"]
    now = utcnow()
    buyers = []
    for index, fair in enumerate((fair_a, fair_a, fair_a, fair_b)):
        buyer = Visitor(fair_id=fair.id, full_name=f"Buyer {index}", email=f"b{index}@example.vn", country="JP",
                        visitor_type="trade_buyer", source="web", sectors=[], created_at=now)
        session.add(buyer)
        buyers.append(buyer)
    session.flush()
    for index, (buyer, status) in enumerate(zip(buyers, ("accepted", "accepted", "declined", "accepted"),
                                                strict=True)):
        session.add(Meeting(fair_id=buyer.fair_id, buyer_visitor_id=buyer.id, enterprise_id=ha_tay.id,
                            day=fair_a.starts_on, start_minute=540 + 30 * index, minutes=30, place="booth",
                            status=status, requested_at=now))
        session.add(Lead(fair_id=buyer.fair_id, enterprise_id=ha_tay.id, visitor_id=buyer.id,
                         first_scanned_at=now, last_scanned_at=now))
    session.commit()
    report = api("organizer").get(URL, fair_id=fair_a.id).json
    row = next(item for item in report["enterprises"] if item["id"] == ha_tay.id)
    assert (row["meetings"], row["leads"]) == (2, 3)
    others = [item for item in report["enterprises"] if item["id"] != ha_tay.id]
    assert all(item["meetings"] == 0 and item["leads"] == 0 for item in others)
