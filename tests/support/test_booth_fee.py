"""Approving an application that asked for support creates a booth-fee grant that lowers the amount due."""

import sqlalchemy as sa

from booths.applications.fees import fee_estimate
from booths.applications.services import decide_application, withdraw_application
from core.audit import AuditEvent
from core.db import utcnow
from support.models import SupportGrant
from support.services import committed_vnd


def _supported_application(make_booth, make_application, make_enterprise, **enterprise):
    booth = make_booth(price_vnd=12_000_000)
    fair = booth.hall.fair
    fair.status = "open"
    owner = make_enterprise(is_rural_industry=True, kind="rural_establishment", **enterprise)
    application = make_application(fair=fair, enterprise=owner, booths_requested=3, support_requested=True,
                                   zone_preferences=[booth.zone_id])
    return fair, application


def test_the_local_programme_pays_all_of_two_booths(session, make_user, make_booth, make_application,
                                                     make_enterprise, make_programme):
    """Hà Nội pays 100 % of at most 2 booths: 24 of 36 million; 12 million left to pay."""
    fair, application = _supported_application(make_booth, make_application, make_enterprise)
    make_programme(level="national", year=fair.starts_on.year, booth_fee_percent=50, booth_fee_max_booths=1)
    local = make_programme(name="Khuyến công Hà Nội", level="provincial", province="Hà Nội",
                           year=fair.starts_on.year, booth_fee_percent=100, booth_fee_max_booths=2)
    decide_application(session, application, "approved", actor=make_user(role="organizer"), now=utcnow(),
                       grant_support=True)
    grant = session.scalar(sa.select(SupportGrant))
    assert (grant.programme_id, int(grant.amount_vnd), grant.booths, grant.status, grant.source) == (
        local.id, 24_000_000, 2, "approved", "application")
    fee = fee_estimate(session, application)
    assert (fee["gross"], fee["subsidy"], fee["due"]) == (36_000_000, 24_000_000, 12_000_000)


def test_another_provinces_fund_does_not_pay_and_a_full_budget_only_plans(session, make_user, make_booth,
                                                                           make_application, make_enterprise,
                                                                           make_programme):
    """An enterprise of Huế: Hà Nội's fund is not used; the national one has 1 million left, so it plans."""
    fair, application = _supported_application(make_booth, make_application, make_enterprise, province="Huế")
    make_programme(name="Khuyến công Hà Nội", level="provincial", province="Hà Nội", year=fair.starts_on.year,
                   booth_fee_percent=100, booth_fee_max_booths=2)
    national = make_programme(level="national", year=fair.starts_on.year, budget_vnd=1_000_000,
                              booth_fee_percent=50, booth_fee_max_booths=1)
    decide_application(session, application, "approved", actor=make_user(role="organizer"), now=utcnow(),
                       grant_support=True)
    grant = session.scalar(sa.select(SupportGrant))
    assert (grant.programme_id, int(grant.amount_vnd), grant.status) == (national.id, 6_000_000, "planned")
    assert fee_estimate(session, application)["subsidy"] == 0  # a planned grant lowers nothing yet


def test_no_support_asked_no_grant(session, make_user, make_booth, make_application, make_enterprise,
                                   make_programme):
    """An application that did not ask for support gets none."""
    fair, application = _supported_application(make_booth, make_application, make_enterprise)
    application.support_requested = False
    make_programme(year=fair.starts_on.year, booth_fee_percent=100)
    decide_application(session, application, "approved", actor=make_user(role="organizer"), now=utcnow(),
                       grant_support=True)
    assert session.scalar(sa.select(SupportGrant)) is None


def test_a_withdrawn_application_gives_its_booth_fee_grant_back(session, make_user, make_booth, make_application,
                                                               make_enterprise, make_programme):
    """Approve (a grant is made), then withdraw: the grant is cancelled (kept for the record), audited, and the
    budget is free again."""
    fair, application = _supported_application(make_booth, make_application, make_enterprise)
    programme = make_programme(level="national", year=fair.starts_on.year, booth_fee_percent=100,
                               booth_fee_max_booths=2)
    organizer = make_user(role="organizer")
    decide_application(session, application, "approved", actor=organizer, now=utcnow(),
                       grant_support=True)
    assert committed_vnd(session, programme.id) == 24_000_000
    withdraw_application(session, application, actor=organizer, now=utcnow())
    assert session.scalars(sa.select(SupportGrant.status)).all() == ["cancelled"]
    assert committed_vnd(session, programme.id) == 0
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "support_grant.release"))
