"""Allocation runs: a preview assigns nothing, a commit assigns exactly the previewed booths, atomically."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from accounts.services import issue_api_token
from booths.allocation.runs import commit_run, run_allocation
from booths.applications.models import BoothAssignment
from booths.layout.grid import GridSpec
from booths.layout.services import create_grid, create_hall, create_zone, neighbour_graph
from core.db import utcnow
from core.errors import Conflict


def _assignments(session):
    return session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment))


def test_a_dry_run_assigns_nothing_and_commit_assigns_exactly_the_preview(session, oversubscribed_fair):
    """Preview first; committing creates exactly the proposed assignments."""
    fair, organizer = oversubscribed_fair
    with force_locale("en"):
        run = run_allocation(session, fair, seed=4, dry_run=True, actor=organizer, now=utcnow())
    assert run.status == "preview" and _assignments(session) == 0
    assert run.metrics["booths_granted"] <= 16 and run.metrics["contiguity"] == 1.0
    proposed = {(int(app), booth) for app, booths in run.proposal.items() for booth in booths}
    with force_locale("en"):
        commit_run(session, run, actor=organizer, now=utcnow())
    stored = set(session.execute(sa.select(BoothAssignment.application_id, BoothAssignment.booth_id)).all())
    assert stored == proposed and run.status == "committed"


def test_the_same_seed_proposes_the_same_booths(session, oversubscribed_fair):
    """Determinism through the whole service."""
    fair, organizer = oversubscribed_fair
    with force_locale("en"):
        first = run_allocation(session, fair, seed=9, dry_run=True, actor=organizer, now=utcnow())
        second = run_allocation(session, fair, seed=9, dry_run=True, actor=organizer, now=utcnow())
    assert first.proposal == second.proposal and first.waitlist == second.waitlist


def test_a_commit_after_the_booths_changed_fails_whole(session, oversubscribed_fair):
    """A booth taken between preview and commit: the commit is refused and nothing of it is stored."""
    fair, organizer = oversubscribed_fair
    with force_locale("en"):
        run = run_allocation(session, fair, seed=1, dry_run=True, actor=organizer, now=utcnow())
    app_id, booth_ids = next(iter(run.proposal.items()))
    session.add(BoothAssignment(booth_id=booth_ids[0], application_id=int(app_id), source="manual", locked=True,
                                assigned_at=utcnow()))
    session.commit()
    with pytest.raises(Conflict), force_locale("en"):
        commit_run(session, run, actor=organizer, now=utcnow())
    session.rollback()
    assert _assignments(session) == 1


def test_a_committed_run_cannot_be_committed_again(session, oversubscribed_fair):
    """Commit is one-way."""
    fair, organizer = oversubscribed_fair
    with force_locale("en"):
        run = run_allocation(session, fair, seed=1, dry_run=False, actor=organizer, now=utcnow())
        with pytest.raises(Conflict):
            commit_run(session, run, actor=organizer, now=utcnow())


def test_the_api_previews_then_commits(client, session, oversubscribed_fair):
    """POST /allocations (dry run) → 201 with metrics, assignments and waitlist; POST /commit → 200."""
    fair, organizer = oversubscribed_fair
    token = issue_api_token(session, organizer, "t", now=utcnow())
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(f"/api/v1/fairs/{fair.id}/allocations", json={"dry_run": True, "seed": 2}, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "preview" and set(body["metrics"]) >= {"fill_rate", "contiguity"}
    granted = sum(len(item["booths"]) for item in body["assignments"])
    assert granted == body["metrics"]["booths_granted"]
    assert all(item["reason"] for item in body["waitlist"])
    assert _assignments(session) == 0
    committed = client.post(f"/api/v1/allocations/{body['run_id']}/commit", headers=headers)
    assert committed.status_code == 200 and committed.get_json()["status"] == "committed"
    assert _assignments(session) == granted


def test_the_cli_prints_the_metrics(app, session, oversubscribed_fair):
    """`flask allocate CODE` previews and prints the metrics table."""
    fair, _organizer = oversubscribed_fair
    session.commit()
    result = app.test_cli_runner().invoke(args=["allocate", fair.code])
    assert result.exit_code == 0, result.output
    assert "preview" in result.output and "fill_rate" in result.output
    assert _assignments(session) == 0


def test_the_done_means_scenario_on_an_oversubscribed_fair_with_competitors(session, oversubscribed_fair,
                                                                            make_application, make_enterprise):
    """Aisles, multi-booth requests, competitor pairs, 1.5 x demand: every hard rule, shares within 2 booths,
    the same result for the same seed, nothing assigned by the preview, exactly the preview committed."""
    fair, organizer = oversubscribed_fair
    rivals = []
    for number, province in enumerate(["Hà Nội", "Huế", "Cần Thơ", "Hà Nội"]):
        rivals.append(make_application(fair=fair, status="approved", booths_requested=2,
                                       enterprise=make_enterprise(province=province, legal_name=f"Rival {number}")))
    rivals[0].avoid_enterprise_ids = [rivals[1].enterprise_id]
    rivals[2].avoid_enterprise_ids = [rivals[3].enterprise_id, rivals[0].enterprise_id]
    session.flush()
    with force_locale("en"):
        run = run_allocation(session, fair, seed=11, dry_run=True, actor=organizer, now=utcnow())
        again = run_allocation(session, fair, seed=11, dry_run=True, actor=organizer, now=utcnow())
    assert run.proposal == again.proposal and run.waitlist == again.waitlist
    assert _assignments(session) == 0
    metrics = run.metrics
    assert metrics["booths_requested"] == 22 and metrics["contiguity"] == 1.0
    assert metrics["competitor_adjacencies"] == 0 and metrics["worst_share_deviation"] <= 2
    graph = neighbour_graph(session, fair)
    owner = {booth: int(app) for app, booths in run.proposal.items() for booth in booths}
    enemies = {(rivals[0].id, rivals[1].id), (rivals[2].id, rivals[3].id), (rivals[2].id, rivals[0].id)}
    for booth, app in owner.items():
        for other in graph.get(booth, ()):
            assert (app, owner.get(other)) not in enemies and (owner.get(other), app) not in enemies
    with force_locale("en"):
        commit_run(session, run, actor=organizer, now=utcnow())
    stored = set(session.execute(sa.select(BoothAssignment.application_id, BoothAssignment.booth_id)).all())
    assert stored == {(int(app), booth) for app, booths in run.proposal.items() for booth in booths}


def test_a_competitor_committed_earlier_keeps_a_late_approval_away(session, make_fair, make_enterprise,
                                                                  make_application, make_user):
    """X names Y as a competitor and is committed; Y, approved later, is placed away from X in the second
    run, which counts no competitor side by side (the late run sees the lists of those already placed)."""
    fair = make_fair(status="allocating")
    organizer = make_user(role="organizer")
    now = utcnow()
    with force_locale("en"):
        hall = create_hall(session, fair, name="Nhà B", width_m=30, depth_m=10, actor=None, now=now)
        zone = create_zone(session, fair, {"name_vi": "Trong nước", "name_en": "Domestic", "kind": "domestic"},
                           actor=None, now=now)
        create_grid(session, fair, GridSpec("B-", 1, 4, 300, 300, 0, 300, 200, 200), hall, zone,
                    booth_type="standard", price_vnd=1, actor=None, now=now)
    y_enterprise = make_enterprise(province="Huế", legal_name="Y")
    x = make_application(fair=fair, status="approved", booths_requested=1,
                         enterprise=make_enterprise(province="Huế", legal_name="X"))
    x.avoid_enterprise_ids = [y_enterprise.id]
    session.flush()
    with force_locale("en"):
        run_allocation(session, fair, seed=1, dry_run=False, actor=organizer, now=utcnow())
    y = make_application(fair=fair, status="approved", booths_requested=2, enterprise=y_enterprise)
    with force_locale("en"):
        late = run_allocation(session, fair, seed=1, dry_run=True, actor=organizer, now=utcnow())
    graph = neighbour_graph(session, fair)
    x_booths = set(session.scalars(sa.select(BoothAssignment.booth_id)
                                   .where(BoothAssignment.application_id == x.id)))
    y_booths = set(late.proposal[str(y.id)])
    assert len(x_booths) == 1 and len(y_booths) == 2
    assert not any(graph.get(booth, set()) & x_booths for booth in y_booths)
    assert late.metrics["competitor_adjacencies"] == 0
