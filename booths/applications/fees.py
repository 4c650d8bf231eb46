"""An application's fee (booths × price − approved support) and the booth-fee support it asked for: what an
approval with the grant would make, the grant it holds, and fitting that grant to the booths it is given."""

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from accounts.models import User
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth, Zone
from support.booth_fees import (
    BoothFeeOffer,
    application_booth_fee_grants,
    booth_fee_offer,
    booth_fee_support_vnd,
    current_booth_fee_grant,
    fit_booth_fee,
    grant_booth_fee,
)
from support.models import SupportGrant


def fee_estimate(session, application: BoothApplication) -> dict:
    """booths × price − approved booth-fee support = amount due: the assigned booths' prices once there are some.

    Until booths are assigned, the unit price is the lowest price among the booths of the
    zones the application prefers (or, when it names none, of the zones its origin fits).
    """
    assigned = list(session.scalars(sa.select(Booth.price_vnd).join(BoothAssignment)
                                    .where(BoothAssignment.application_id == application.id)))
    support = booth_fee_support_vnd(session, application.enterprise_id, application.fair_id)
    if assigned:
        subsidy = min(support, sum(assigned))
        return {"unit_price": max(assigned), "booths": len(assigned), "gross": sum(assigned), "subsidy": subsidy,
                "due": max(0, sum(assigned) - subsidy)}
    query = sa.select(sa.func.min(Booth.price_vnd)).where(Booth.fair_id == application.fair_id,
                                                          Booth.blocked.is_(False))
    zone_ids = [item for item in application.zone_preferences or [] if isinstance(item, int)]
    kinds = [item for item in application.zone_preferences or [] if isinstance(item, str)]
    if not (zone_ids or kinds):
        # No preference: the zones its origin is eligible for (foreign → international, else domestic).
        kinds = ["international"] if application.enterprise.country != "VN" else ["domestic", "pavilion"]
    query = query.join(Zone, Zone.id == Booth.zone_id).where(sa.or_(Zone.id.in_(zone_ids), Zone.kind.in_(kinds)))
    unit_price = session.scalar(query) or 0
    gross = unit_price * application.booths_requested
    subsidy = min(support, gross)  # approved khuyến công booth-fee grants
    return {"unit_price": unit_price, "booths": application.booths_requested, "gross": gross, "subsidy": subsidy,
            "due": max(0, gross - subsidy)}


def fit_booth_fee_grants(session, application_ids: Iterable[int], *, actor: User, now: datetime) -> None:
    """After booths were assigned, taken back or swapped: the booth-fee grants of these applications follow
    the booths they now hold (`support.booth_fees.fit_booth_fee`)."""
    applications = session.execute(sa.select(BoothApplication.id, BoothApplication.enterprise_id,
                                             BoothApplication.fair_id)
                                   .where(BoothApplication.id.in_(set(application_ids)),
                                          BoothApplication.support_requested.is_(True))).all()
    grants = application_booth_fee_grants(session, [(enterprise, fair) for _id, enterprise, fair in applications])
    holders = [row for row in applications if (row.enterprise_id, row.fair_id) in grants]
    if not holders:
        return
    prices: dict[int, list[int]] = {row.id: [] for row in holders}
    for application_id, price in session.execute(
            sa.select(BoothAssignment.application_id, Booth.price_vnd).join(Booth)
            .where(BoothAssignment.application_id.in_(list(prices)))):
        prices[application_id].append(int(price))
    for row in holders:
        fit_booth_fee(session, grants[(row.enterprise_id, row.fair_id)], prices[row.id], actor=actor, now=now)


def _estimated_prices(session, application: BoothApplication) -> list[int]:
    fee = fee_estimate(session, application)
    return [fee["unit_price"]] * fee["booths"] if fee["unit_price"] else []


def support_offer(session, application: BoothApplication) -> BoothFeeOffer | None:
    """The booth-fee grant approving the application with its support would make (programme, amount, budget
    left), or None when it asked for none, one exists, or no programme applies."""
    if not application.support_requested:
        return None
    return booth_fee_offer(session, enterprise=application.enterprise, fair=application.fair,
                           prices=_estimated_prices(session, application), hint=application.support_programme)


def support_grant_of(session, application: BoothApplication) -> SupportGrant | None:
    """The application's booth-fee grant, if one is in force or on record (not cancelled)."""
    return current_booth_fee_grant(session, application.enterprise_id, application.fair_id)


def make_support_grant(session, application: BoothApplication, *, actor: User,
                       now: datetime) -> SupportGrant | None:
    """The booth-fee grant of the application's support asked for, by the programme's rule (None: none applies)."""
    return grant_booth_fee(session, enterprise=application.enterprise, fair=application.fair,
                           prices=_estimated_prices(session, application), hint=application.support_programme,
                           actor=actor, now=now)
