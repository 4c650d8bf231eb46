"""A booth-fee grant made at approval follows the booths the application actually receives: fewer booths, less
support; a dearer booth, more, but only as far as the programme's budget allows; a paid-out grant stays."""

import pytest
import sqlalchemy as sa

from booths.allocation.moves import swap_blocks
from booths.allocation.runs import commit_run, run_allocation
from booths.applications.assignments import assign_booths, unassign_booth
from booths.applications.fees import fee_estimate
from booths.applications.services import decide_application
from booths.layout.services import rebuild_adjacency
from core.audit import AuditEvent
from core.db import utcnow
from core.errors import Conflict
from support.models import SupportGrant
from support.services import change_grant_status, committed_vnd, record_grant


def _setup(session, make_booth, make_application, make_enterprise, make_user, make_programme, *, budget_vnd):
    """Three adjacent booths (12, 12 and 20 million), an application for 3 with support, a programme paying
    50 % of at most 2 booths; approved: the estimate is 50 % of 2 × 12 million."""
    first = make_booth(price_vnd=12_000_000, x_cm=0)
    hall, zone = first.hall, first.zone
    second = make_booth(hall=hall, zone=zone, price_vnd=12_000_000, x_cm=300)
    dear = make_booth(hall=hall, zone=zone, price_vnd=20_000_000, x_cm=600)
    rebuild_adjacency(session, hall)
    fair = hall.fair
    fair.status = "open"
    owner = make_enterprise(is_rural_industry=True, kind="rural_establishment")
    application = make_application(fair=fair, enterprise=owner, booths_requested=3, support_requested=True,
                                   zone_preferences=[zone.id])
    programme = make_programme(year=fair.starts_on.year, budget_vnd=budget_vnd, booth_fee_percent=50,
                               booth_fee_max_booths=2)
    organizer = make_user(role="organizer")
    decide_application(session, application, "approved", actor=organizer, now=utcnow(), grant_support=True)
    grant = session.scalar(sa.select(SupportGrant))
    assert (int(grant.amount_vnd), grant.booths, grant.status) == (12_000_000, 2, "approved")
    return application, organizer, grant, programme, (first, second, dear)


def test_the_grant_follows_the_booths_assigned_and_taken_back(session, make_booth, make_application,
                                                               make_enterprise, make_user, make_programme):
    """One 20-million booth: 10 million; with a 12-million one beside it: 16; the dear one taken back: 6."""
    application, organizer, grant, _programme, (_first, second, dear) = _setup(
        session, make_booth, make_application, make_enterprise, make_user, make_programme, budget_vnd=100_000_000)
    assign_booths(session, application, [dear.code], actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), grant.booths) == (10_000_000, 1)
    assign_booths(session, application, [second.code], actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), grant.booths) == (16_000_000, 2)
    assert fee_estimate(session, application)["subsidy"] == 16_000_000
    unassign_booth(session, dear, actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), grant.booths) == (6_000_000, 1)
    changes = session.execute(sa.select(AuditEvent.before, AuditEvent.after)
                              .where(AuditEvent.action == "support_grant.fit_booths").order_by(AuditEvent.id)).all()
    assert [(before["amount_vnd"], after["amount_vnd"]) for before, after in changes] == [
        (12_000_000, 10_000_000), (10_000_000, 16_000_000), (16_000_000, 6_000_000)]


def test_a_rise_takes_only_what_the_budget_has_left(session, make_booth, make_application, make_enterprise,
                                                    make_user, make_programme):
    """A 13-million budget with 12 approved: the booths would earn 16 million, the grant rises to 13."""
    application, organizer, grant, _programme, (_first, second, dear) = _setup(
        session, make_booth, make_application, make_enterprise, make_user, make_programme, budget_vnd=13_000_000)
    assign_booths(session, application, [dear.code, second.code], actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), grant.booths) == (13_000_000, 2)


def test_a_paid_out_grant_keeps_its_amount(session, make_booth, make_application, make_enterprise, make_user,
                                           make_programme):
    """Disbursed money is history: assigning booths afterwards changes nothing."""
    application, organizer, grant, _programme, (_first, _second, dear) = _setup(
        session, make_booth, make_application, make_enterprise, make_user, make_programme, budget_vnd=100_000_000)
    change_grant_status(session, grant, "disbursed", actor=organizer, now=utcnow())
    assign_booths(session, application, [dear.code], actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), grant.booths) == (12_000_000, 2)


def test_a_committed_allocation_fits_the_grant(session, make_booth, make_application, make_enterprise, make_user,
                                               make_programme):
    """The allocation engine gives the application its booths: the grant follows them."""
    application, organizer, grant, _programme, _booths = _setup(
        session, make_booth, make_application, make_enterprise, make_user, make_programme, budget_vnd=100_000_000)
    application.fair.status = "allocating"
    run = run_allocation(session, application.fair, seed=1, dry_run=True, actor=organizer, now=utcnow())
    commit_run(session, run, actor=organizer, now=utcnow())
    assert run.proposal[str(application.id)]  # the engine placed it
    assert (int(grant.amount_vnd), grant.booths) == (16_000_000, 2)  # 50 % of the 20 and one 12 million booth


def test_swapped_blocks_swap_what_the_grants_pay(session, make_booth, make_application, make_enterprise, make_user,
                                                 make_programme):
    """Two supported exhibitors of one booth each swap a 12- and a 20-million booth: 6 and 10 million change
    places."""
    application, organizer, grant, programme, (first, _second, dear) = _setup(
        session, make_booth, make_application, make_enterprise, make_user, make_programme, budget_vnd=100_000_000)
    other = make_application(fair=application.fair, enterprise=make_enterprise(is_rural_industry=True,
                                                                               kind="rural_establishment"),
                             booths_requested=1, support_requested=True, zone_preferences=[first.zone_id])
    decide_application(session, other, "approved", actor=organizer, now=utcnow(), grant_support=True)
    other_grant = session.scalar(sa.select(SupportGrant).where(SupportGrant.enterprise_id == other.enterprise_id))
    assign_booths(session, application, [first.code], actor=organizer, now=utcnow())
    assign_booths(session, other, [dear.code], actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), int(other_grant.amount_vnd)) == (6_000_000, 10_000_000)
    swap_blocks(session, application, other, actor=organizer, now=utcnow())
    assert (int(grant.amount_vnd), int(other_grant.amount_vnd)) == (10_000_000, 6_000_000)
    assert programme.id == other_grant.programme_id


def test_a_cancelled_grant_frees_the_budget_and_a_paid_one_cannot_be_cancelled(session, make_booth,
                                                                              make_application, make_enterprise,
                                                                              make_user, make_programme):
    """Cancelling an approved grant: it stays (cancelled), commits nothing, lowers nothing, no longer follows
    booths and cannot come back; a disbursed grant cannot be cancelled."""
    application, organizer, grant, programme, (_first, _second, dear) = _setup(
        session, make_booth, make_application, make_enterprise, make_user, make_programme, budget_vnd=100_000_000)
    change_grant_status(session, grant, "cancelled", actor=organizer, now=utcnow())
    assert committed_vnd(session, programme.id) == 0
    assert fee_estimate(session, application)["subsidy"] == 0
    assign_booths(session, application, [dear.code], actor=organizer, now=utcnow())
    assert (grant.status, int(grant.amount_vnd)) == ("cancelled", 12_000_000)
    with pytest.raises(Conflict):
        change_grant_status(session, grant, "approved", actor=organizer, now=utcnow())
    paid = record_grant(session, {"enterprise_id": application.enterprise_id, "content": "training",
                                  "amount_vnd": 1_000_000, "status": "disbursed"},
                        actor=organizer, now=utcnow(), programme=programme)
    with pytest.raises(Conflict):
        change_grant_status(session, paid, "cancelled", actor=organizer, now=utcnow())
