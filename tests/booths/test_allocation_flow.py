"""The organizer's allocation flow: explanations, re-planning with a diff, manual moves, locks, publication."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from booths.allocation.models import AllocationRun
from booths.allocation.moves import set_block_locked, swap_blocks
from booths.allocation.runs import commit_run, run_allocation, run_details, run_summary
from booths.applications.models import BoothAssignment
from booths.layout.models import Booth
from core.audit import AuditEvent
from core.db import utcnow
from core.errors import Conflict, ValidationFailed
from core.jobs import Job
from core.mail import OutboxMessage
from fairs.services import change_fair_status
from tests.jobs_support import wait_for_jobs


def _codes(session, application_id: int) -> list[str]:
    return sorted(session.scalars(sa.select(Booth.code).join(BoothAssignment)
                                  .where(BoothAssignment.application_id == application_id)))


def _committed(session, fair, organizer, *, seed: int = 1):
    with force_locale("en"):
        run = run_allocation(session, fair, seed=seed, dry_run=False, actor=organizer, now=utcnow())
    session.commit()
    return run


def test_every_application_gets_one_sentence_in_the_readers_language(app, session, oversubscribed_fair,
                                                                      make_application, make_enterprise):
    """Placed: booth range, zone and why; waitlisted: the reason and the origin's share. Vietnamese too."""
    fair, organizer = oversubscribed_fair
    for number in range(4):  # 22 booths asked for 16
        make_application(fair=fair, status="approved", booths_requested=2,
                         enterprise=make_enterprise(province="Hà Nội", legal_name=f"Late {number}"))
    with force_locale("en"):
        run = run_allocation(session, fair, seed=4, dry_run=True, actor=organizer, now=utcnow())
        english = run_summary(session, run, language="en")
    with force_locale("vi"):
        vietnamese = run_summary(session, run, language="vi")
    placed = english["assignments"][0]
    first, last = placed["booths"][0], placed["booths"][-1]
    assert placed["explanation"].startswith(first if first == last else f"{first}–{last}: Domestic, ")
    assert "the first zone open to your origin" in placed["explanation"]
    waiting = english["waitlist"][0]["explanation"]
    assert waiting.startswith("Waiting list: ") and "fair share is" in waiting
    assert "khu đầu tiên dành cho nơi xuất xứ của bạn" in vietnamese["assignments"][0]["explanation"]
    assert vietnamese["waitlist"][0]["explanation"].startswith("Danh sách chờ: ")
    assert len(english["assignments"]) + len(english["waitlist"]) == 14


def test_a_replan_moves_only_unlocked_automatic_blocks_and_shows_the_difference(session, oversubscribed_fair):
    """Lock one committed block, re-plan with another seed: the locked block stays, the diff lists the rest."""
    fair, organizer = oversubscribed_fair
    first = _committed(session, fair, organizer, seed=1)
    kept_id = int(next(iter(first.proposal)))
    kept_codes = _codes(session, kept_id)
    with force_locale("en"):
        application = session.get(BoothAssignment, session.scalar(
            sa.select(BoothAssignment.id).where(BoothAssignment.application_id == kept_id))).application
        set_block_locked(session, application, True, actor=organizer, now=utcnow())
        replan = run_allocation(session, fair, seed=7, dry_run=True, replan=True, actor=organizer, now=utcnow())
    assert str(kept_id) not in replan.proposal              # locked: not placed again
    assert str(kept_id) not in (replan.released or {}).values()
    released_apps = set((replan.released or {}).values())
    assert released_apps and kept_id not in released_apps
    with force_locale("en"):
        details = run_details(session, replan, language="en")
    counts = details["change_counts"]
    assert sum(counts.values()) == len(released_apps | {int(a) for a in replan.proposal})
    with force_locale("en"):
        commit_run(session, replan, actor=organizer, now=utcnow())
    assert _codes(session, kept_id) == kept_codes
    stored = set(session.execute(sa.select(BoothAssignment.application_id, BoothAssignment.booth_id)
                                 .where(BoothAssignment.source == "auto", BoothAssignment.locked.is_(False))).all())
    assert stored == {(int(app), booth) for app, booths in replan.proposal.items() for booth in booths}


def test_a_replan_refuses_to_commit_when_assignments_changed_since_the_preview(session, oversubscribed_fair):
    """A booth freed by hand after the preview makes the re-plan stale: nothing is changed."""
    fair, organizer = oversubscribed_fair
    _committed(session, fair, organizer)
    with force_locale("en"):
        replan = run_allocation(session, fair, seed=3, dry_run=True, replan=True, actor=organizer, now=utcnow())
    before = set(session.execute(sa.select(BoothAssignment.application_id, BoothAssignment.booth_id)).all())
    victim = session.scalars(sa.select(BoothAssignment).where(BoothAssignment.source == "auto")).first()
    session.delete(victim)
    session.flush()
    with force_locale("en"), pytest.raises(Conflict):
        commit_run(session, replan, actor=organizer, now=utcnow())
    after = set(session.execute(sa.select(BoothAssignment.application_id, BoothAssignment.booth_id)).all())
    assert after == before - {(victim.application_id, victim.booth_id)}


def test_swapping_two_blocks_of_the_same_size_is_audited_and_locked(session, oversubscribed_fair):
    """Two one-booth exhibitors trade places; the audit keeps both before and after."""
    fair, organizer = oversubscribed_fair
    run = _committed(session, fair, organizer)
    singles = [int(app) for app, booths in run.proposal.items() if len(booths) == 1][:2]
    first, second = (session.scalars(sa.select(BoothAssignment).where(BoothAssignment.application_id == a))
                     .first().application for a in singles)
    codes = _codes(session, first.id), _codes(session, second.id)
    with force_locale("en"):
        swap_blocks(session, first, second, actor=organizer, now=utcnow())
    assert (_codes(session, first.id), _codes(session, second.id)) == (codes[1], codes[0])
    assert all(a.locked and a.source == "manual" for a in session.scalars(
        sa.select(BoothAssignment).where(BoothAssignment.application_id.in_(singles))))
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "booth.swap")).one()
    assert event.before == {str(first.id): codes[0], str(second.id): codes[1]}
    assert event.after == {str(first.id): codes[1], str(second.id): codes[0]}


def test_a_swap_of_different_sizes_or_beside_a_competitor_is_refused(session, oversubscribed_fair):
    """Block sizes must match; competitors never end up side by side, whoever moves."""
    fair, organizer = oversubscribed_fair
    run = _committed(session, fair, organizer)
    by_size = {}
    for app, booths in run.proposal.items():
        by_size.setdefault(len(booths), []).append(int(app))
    application = {a: session.scalars(sa.select(BoothAssignment).where(BoothAssignment.application_id == a))
                   .first().application for apps in by_size.values() for a in apps}
    one, two = application[by_size[1][0]], application[by_size[2][0]]
    with force_locale("en"), pytest.raises(ValidationFailed):
        swap_blocks(session, one, two, actor=organizer, now=utcnow())
    assert _codes(session, one.id) == sorted(session.scalars(sa.select(Booth.code).where(
        Booth.id.in_(run.proposal[str(one.id)]))))


def test_publishing_the_plan_emails_each_exhibitor_its_booth_codes(app, session, oversubscribed_fair, make_user):
    """Moving the fair to published queues one message per member, with the codes and the map link."""
    fair, organizer = oversubscribed_fair
    run = _committed(session, fair, organizer)
    for assignment in session.scalars(sa.select(BoothAssignment)):
        assignment.application.enterprise.email = f"ent{assignment.application_id}@example.com"
    with app.test_request_context(), force_locale("en"):
        change_fair_status(session, fair, "published", actor=organizer, now=utcnow())
    messages = session.scalars(sa.select(OutboxMessage)).all()
    placed = {int(app) for app in run.proposal}
    assert len(messages) == len(placed)
    some = int(next(iter(run.proposal)))
    codes = _codes(session, some)
    mine = [m for m in messages if ", ".join(codes) in m.subject]
    assert mine and f"/f/{fair.code}/plan" in mine[0].body


def test_a_large_fair_is_allocated_in_a_background_job(app, session, client, login_as, oversubscribed_fair,
                                                       monkeypatch):
    """Over the threshold, 'Run a preview' starts a job; when it is done the preview exists and the page shows it."""
    fair, _organizer = oversubscribed_fair
    organizer = login_as("organizer")
    monkeypatch.setitem(app.config, "ALLOCATION_BACKGROUND_BOOTHS", 0)
    response = client.post(f"/fairs/{fair.id}/allocation", data={"action": "preview", "seed": "2"})
    assert response.status_code == 302 and "job=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    job = session.scalars(sa.select(Job).where(Job.created_by_id == organizer.id)).one()
    assert f"/jobs/{job.id}.json" in page or job.status == "done"
    wait_for_jobs(app, session, timeout=30)
    job = session.get(Job, job.id)
    run = session.get(AllocationRun, job.result["run_id"])
    assert job.status == "done" and run.status == "preview" and run.seed == 2 and run.created_by_id == organizer.id
    assert client.get(f"/jobs/{job.id}.json").json["result"] == {"run_id": run.id}
