"""The demo fair has about 1,300 contracts and thousands of meetings and leads, whose figures add up."""

import sqlalchemy as sa

from contracts.models import Contract, Lead, Meeting
from fairs.models import Fair
from fairs.setup import DEMO_FAIR_CODE
from reports.summary import fair_summary
from tests.booths.test_demo import run_demo


def test_the_demo_fair_has_results_to_show(app, session):
    """1,300 contracts at the demo fair in several currencies, thousands of meetings (never two a slot), leads."""
    run_demo(app)
    fair = session.scalar(sa.select(Fair).where(Fair.code == DEMO_FAIR_CODE))
    contracts = session.scalars(sa.select(Contract).where(Contract.fair_id == fair.id)).all()
    assert len(contracts) == 1300 and len({c.currency for c in contracts}) >= 5
    meetings = session.scalars(sa.select(Meeting).where(Meeting.fair_id == fair.id)).all()
    accepted = [m for m in meetings if m.status == "accepted"]
    assert len(meetings) >= 2000
    assert len({(m.enterprise_id, m.day, m.start_minute) for m in accepted}) == len(accepted)
    assert session.scalar(sa.select(sa.func.count()).select_from(Lead)) >= 2000
    summary = fair_summary(session, fair)
    counted = [c for c in contracts if c.status != "cancelled"]
    assert summary["contracts"]["count"] == len(counted)
    assert summary["contracts"]["value_vnd"] == sum(c.value_vnd for c in counted)
    assert summary["meetings"]["count"] == len(accepted)
    run_demo(app)
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract).where(Contract.fair_id == fair.id)) == 1300
