"""Allocation runs: build the engine's inputs from the fair, store a preview, commit it atomically."""

import time
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from booths.allocation import Request, Slot, ZoneInfo, allocate
from booths.applications import MANAGERS
from booths.models import AllocationRun, Booth, BoothApplication, BoothAssignment, Zone
from booths.services import neighbour_graph
from core.audit import record_audit
from core.errors import Conflict, NotFound, PermissionDenied
from enterprises.models import Enterprise
from fairs.models import Fair


def reason_text(code: str) -> str:
    """A waitlist reason in the user's language."""
    return {
        "no_eligible_zone": _("No zone of this fair fits the application."),
        "over_fair_share": _("The zone is full: its booths were shared among provinces and countries by demand."),
        "no_contiguous_block": _("No free block of enough neighbouring booths is left in the eligible zones."),
    }.get(code, code)


def _inputs(session, fair: Fair):
    taken = dict(session.execute(sa.select(BoothAssignment.booth_id, BoothAssignment.application_id)
                                 .join(Booth).where(Booth.fair_id == fair.id)).all())
    slots = [Slot(booth_id, code, hall_id, zone_id, x, y, blocked=blocked, taken_by=taken.get(booth_id))
             for booth_id, code, hall_id, zone_id, x, y, blocked in session.execute(
                 sa.select(Booth.id, Booth.code, Booth.hall_id, Booth.zone_id, Booth.x_cm, Booth.y_cm, Booth.blocked)
                 .where(Booth.fair_id == fair.id))]
    zones = [ZoneInfo(zone.id, zone.kind, zone.province, zone.country)
             for zone in session.scalars(sa.select(Zone).where(Zone.fair_id == fair.id))]
    placed = set(taken.values())
    requests = []
    rows = session.execute(
        sa.select(BoothApplication, Enterprise).join(Enterprise)
        .where(BoothApplication.fair_id == fair.id, BoothApplication.status == "approved")
        .order_by(BoothApplication.submitted_at, BoothApplication.id))
    for order, (application, enterprise) in enumerate(rows):
        if application.id in placed:
            continue
        tier = 0 if (enterprise.is_rural_industry and application.support_requested) else 1
        requests.append(Request(
            id=application.id, booths=application.booths_requested, country=enterprise.country,
            province=enterprise.province, tier=tier, order=order,
            zones=tuple(z for z in application.zone_preferences or [] if isinstance(z, int)),
            preferred=tuple(application.preferred_booths or ())))
    return slots, zones, requests


def run_allocation(session, fair: Fair, *, seed: int, dry_run: bool, actor: User, now: datetime) -> AllocationRun:
    """Allocate the approved applications of `fair`; store the run, and commit it at once unless a dry run."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers allocate booths."))
    slots, zones, requests = _inputs(session, fair)
    started = time.perf_counter()
    result = allocate(slots, zones, neighbour_graph(session, fair), requests, seed=seed)
    metrics = {**result.metrics, "runtime_seconds": round(time.perf_counter() - started, 3)}
    run = AllocationRun(fair_id=fair.id, seed=seed, status="preview", created_at=now, created_by_id=actor.id,
                        proposal={str(k): v for k, v in result.assignments.items()},
                        waitlist={str(k): v for k, v in result.waitlist.items()}, metrics=metrics)
    session.add(run)
    session.flush()
    record_audit(session, actor, "allocation.run", run, now=now, after={"seed": seed, "metrics": metrics})
    if not dry_run:
        commit_run(session, run, actor=actor, now=now)
    return run


def commit_run(session, run: AllocationRun, *, actor: User, now: datetime) -> AllocationRun:
    """Turn a preview into assignments, all at once; a booth taken meanwhile makes the whole commit fail."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers allocate booths."))
    if run.status != "preview":
        raise Conflict(_("Only a preview can be committed."))
    session.add_all(BoothAssignment(booth_id=booth_id, application_id=int(application_id), source="auto",
                                    locked=False, assigned_at=now, assigned_by_id=actor.id, run_id=run.id)
                    for application_id, booth_ids in run.proposal.items() for booth_id in booth_ids)
    run.status, run.committed_at = "committed", now
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(_("Booths changed since this preview; run the allocation again.")) from error
    record_audit(session, actor, "allocation.commit", run, now=now,
                 after={"assignments": sum(len(b) for b in run.proposal.values())})
    return run


def get_run(session, run_id: int) -> AllocationRun:
    """An allocation run, or NotFound."""
    run = session.get(AllocationRun, run_id)
    if run is None:
        raise NotFound(_("No such allocation run."))
    return run


def run_summary(session, run: AllocationRun) -> dict:
    """The run for the API: booth codes per application and waitlist reasons."""
    codes = dict(session.execute(sa.select(Booth.id, Booth.code).where(Booth.fair_id == run.fair_id)).all())
    return {
        "run_id": run.id, "status": run.status, "seed": run.seed, "metrics": run.metrics,
        "assignments": [{"application_id": int(app), "booths": sorted(codes[b] for b in booths)}
                        for app, booths in sorted(run.proposal.items(), key=lambda item: int(item[0]))],
        "waitlist": [{"application_id": int(app), "reason": reason_text(reason), "code": reason}
                     for app, reason in sorted(run.waitlist.items(), key=lambda item: int(item[0]))],
    }


def discard_run(session, run: AllocationRun, *, actor: User, now: datetime) -> AllocationRun:
    """Set a preview aside without assigning anything."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers allocate booths."))
    if run.status != "preview":
        raise Conflict(_("Only a preview can be discarded."))
    run.status = "discarded"
    session.flush()
    record_audit(session, actor, "allocation.discard", run, now=now)
    return run


def list_runs(session, fair: Fair, limit: int = 10) -> list[AllocationRun]:
    """The fair's latest runs, newest first."""
    return list(session.scalars(sa.select(AllocationRun).where(AllocationRun.fair_id == fair.id)
                                .order_by(AllocationRun.id.desc()).limit(limit)))


def run_details(session, run: AllocationRun, *, language: str) -> dict:
    """Per application of a run: the enterprise, its origin and booths (or the waitlist reason)."""
    ids = [int(app) for app in list(run.proposal) + list(run.waitlist)]
    applications = {a.id: a for a in session.scalars(sa.select(BoothApplication).where(BoothApplication.id.in_(ids)))}
    codes = dict(session.execute(sa.select(Booth.id, Booth.code).where(Booth.fair_id == run.fair_id)).all())
    placed = [{"application": applications[int(app)], "booths": sorted(codes[b] for b in booths)}
              for app, booths in run.proposal.items() if int(app) in applications]
    waiting = [{"application": applications[int(app)], "reason": reason_text(reason)}
               for app, reason in run.waitlist.items() if int(app) in applications]
    placed.sort(key=lambda item: item["booths"][0])
    return {"placed": placed, "waiting": waiting}
