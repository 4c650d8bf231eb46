"""The exhibitor's fee: booths × price − approved support, and the payment status organizers record."""

import pytest

from booths.applications.fees import fee_estimate
from booths.applications.services import record_payment
from core.db import utcnow
from core.errors import PermissionDenied, ValidationFailed


def test_fee_uses_the_cheapest_booth_of_the_preferred_zone(session, make_booth, make_zone, make_application):
    """3 booths in a zone whose booths cost 12 and 15 million: 36 million due."""
    booth = make_booth(price_vnd=15_000_000)
    fair = booth.hall.fair
    make_booth(hall=booth.hall, zone=booth.zone, price_vnd=12_000_000)
    other_zone = make_zone(fair=fair)
    make_booth(hall=booth.hall, zone=other_zone, price_vnd=1_000_000)
    application = make_application(fair=fair, booths_requested=3, zone_preferences=[booth.zone_id])
    fee = fee_estimate(session, application)
    assert (fee["unit_price"], fee["gross"], fee["subsidy"], fee["due"]) == (12_000_000, 36_000_000, 0, 36_000_000)


def test_fee_without_preferences_takes_the_cheapest_open_booth_of_its_origins_zones(session, make_booth, make_zone,
                                                                                    make_application):
    """A Vietnamese enterprise is priced on domestic booths; blocked and technical booths do not set the price."""
    booth = make_booth(price_vnd=20_000_000)
    make_booth(hall=booth.hall, zone=booth.zone, price_vnd=5_000_000, blocked=True)
    free_zone = make_zone(fair=booth.hall.fair, kind="technical")
    make_booth(hall=booth.hall, zone=free_zone, price_vnd=0)
    application = make_application(fair=booth.hall.fair, booths_requested=2)
    assert fee_estimate(session, application)["due"] == 40_000_000


def test_organizers_record_payments_and_exhibitors_cannot(session, make_user, make_application):
    """Payment status is the organizer's to record, and only among the three statuses."""
    application = make_application()
    record_payment(session, application, "partial", actor=make_user(role="organizer"), now=utcnow())
    assert application.payment_status == "partial"
    with pytest.raises(ValidationFailed):
        record_payment(session, application, "refunded", actor=make_user(role="organizer"), now=utcnow())
    with pytest.raises(PermissionDenied):
        record_payment(session, application, "paid", actor=make_user(role="exhibitor"), now=utcnow())
    assert application.payment_status == "partial"


def test_the_application_page_shows_the_amount_due(client, login_as, session, make_booth, make_application):
    """The organizer sees booths × price and the amount due, formatted in VND (English here: ₫24,000,000)."""
    booth = make_booth(price_vnd=12_000_000)
    application = make_application(fair=booth.hall.fair, booths_requested=2)
    session.commit()
    login_as("organizer")
    html = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "₫24,000,000" in html
