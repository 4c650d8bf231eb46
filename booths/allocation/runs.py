"""Allocation runs: build the engine's inputs from the fair, store a preview, commit it atomically."""

import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from booths.allocation.engine import Request, Slot, ZoneInfo, allocate
from booths.allocation.models import AllocationRun
from booths.allocation.text import explanation_text, reason_text
from booths.applications.fees import fit_booth_fee_grants
from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.services import MANAGERS
from booths.layout.models import Booth, Zone
from booths.layout.services import neighbour_graph
from core.audit import record_audit
from core.db import utcnow
from core.errors import Conflict, NotFound, PermissionDenied
from core.jobs import Job
from core.pagination import page_items
from enterprises.models import Enterprise
from fairs.models import Fair


def _inputs(session, fair: Fair, *, replan: bool):
    """The engine's inputs and the competitor pairs among everyone approved or holding booths; with `replan`,
    unlocked automatic assignments are freed (and returned as released)."""
    current = session.execute(sa.select(BoothAssignment.booth_id, BoothAssignment.application_id,
                                        BoothAssignment.locked, BoothAssignment.source)
                              .join(Booth).where(Booth.fair_id == fair.id)).all()
    released = {booth: app for booth, app, locked, source in current if replan and source == "auto" and not locked}
    taken = {booth: app for booth, app, _locked, _source in current if booth not in released}
    slots = [Slot(booth_id, code, hall_id, zone_id, x, y, blocked=blocked, taken_by=taken.get(booth_id))
             for booth_id, code, hall_id, zone_id, x, y, blocked in session.execute(
                 sa.select(Booth.id, Booth.code, Booth.hall_id, Booth.zone_id, Booth.x_cm, Booth.y_cm, Booth.blocked)
                 .where(Booth.fair_id == fair.id))]
    zones = [ZoneInfo(zone.id, zone.kind, zone.province, zone.country)
             for zone in session.scalars(sa.select(Zone).where(Zone.fair_id == fair.id))]
    placed = set(taken.values())
    # Everyone approved or holding booths: their competitor lists bind this run both ways, even for
    # applications it does not place (committed earlier, locked, or placed by hand).
    rows = list(session.execute(
        sa.select(BoothApplication, Enterprise).join(Enterprise)
        .where(BoothApplication.fair_id == fair.id,
               sa.or_(BoothApplication.status == "approved", BoothApplication.id.in_(placed)))
        .order_by(BoothApplication.submitted_at, BoothApplication.id)))
    applications_of: dict[int, list[int]] = {}
    for application, enterprise in rows:
        applications_of.setdefault(enterprise.id, []).append(application.id)

    def ids(enterprise_ids) -> tuple[int, ...]:
        return tuple(app for e in enterprise_ids or () for app in applications_of.get(e, ()))
    competitors = [(application.id, other) for application, _enterprise in rows
                   for other in ids(application.avoid_enterprise_ids) if other != application.id]
    requests = []
    for order, (application, enterprise) in enumerate(rows):
        if application.id in placed or application.status != "approved":
            continue
        tier = 0 if (enterprise.is_rural_industry and application.support_requested) else 1
        requests.append(Request(
            id=application.id, booths=application.booths_requested, country=enterprise.country,
            province=enterprise.province, tier=tier, order=order,
            zones=tuple(z for z in application.zone_preferences or [] if isinstance(z, int)),
            preferred=tuple(application.preferred_booths or ()),
            avoid=ids(application.avoid_enterprise_ids), near=ids(application.neighbour_enterprise_ids)))
    return slots, zones, requests, competitors, released


def run_allocation(session, fair: Fair, *, seed: int, dry_run: bool, actor: User, now: datetime,
                   replan: bool = False, progress: Callable[[float], None] | None = None) -> AllocationRun:
    """Allocate the approved applications of `fair`; store the run, and commit it at once unless a dry run.

    With `replan`, the unlocked automatic assignments are placed again too (locked and manual ones stay).
    """
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers allocate booths."))
    report = progress or (lambda fraction: None)
    slots, zones, requests, competitors, released = _inputs(session, fair, replan=replan)
    neighbours = neighbour_graph(session, fair)
    report(0.1)
    started = time.perf_counter()
    result = allocate(slots, zones, neighbours, requests, seed=seed, competitors=competitors,
                      progress=lambda fraction: report(0.1 + 0.8 * fraction))
    metrics = {**result.metrics, "runtime_seconds": round(time.perf_counter() - started, 3)}
    run = AllocationRun(fair_id=fair.id, seed=seed, status="preview", created_at=now, created_by_id=actor.id,
                        proposal={str(k): v for k, v in result.assignments.items()},
                        waitlist={str(k): v for k, v in result.waitlist.items()}, metrics=metrics,
                        explanations={str(k): asdict(v) for k, v in result.explanations.items()},
                        replan=replan, released={str(k): v for k, v in released.items()})
    session.add(run)
    session.flush()
    record_audit(session, actor, "allocation.run", run, now=now,
                 after={"seed": seed, "replan": replan, "metrics": metrics})
    if not dry_run:
        commit_run(session, run, actor=actor, now=now)
    return run


def allocation_job(session, job: Job, report: Callable[[float], None]) -> dict:
    """Background job: a preview run of a large fair (params: fair_id, seed, replan)."""
    fair = session.get(Fair, job.params["fair_id"])
    actor = session.get(User, job.created_by_id)
    if fair is None or actor is None:
        raise NotFound(_("The fair or the organizer no longer exists."))
    run = run_allocation(session, fair, seed=job.params.get("seed", 0), dry_run=True,
                         replan=job.params.get("replan", False), actor=actor, now=utcnow(), progress=report)
    return {"run_id": run.id}


def commit_run(session, run: AllocationRun, *, actor: User, now: datetime) -> AllocationRun:
    """Turn a preview into assignments, all at once; a booth taken meanwhile makes the whole commit fail."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers allocate booths."))
    if run.status != "preview":
        raise Conflict(_("Only a preview can be committed."))
    stale = Conflict(_("Booths changed since this preview; run the allocation again."))
    if run.replan:
        current = session.scalars(sa.select(BoothAssignment).join(Booth).where(
            Booth.fair_id == run.fair_id, BoothAssignment.source == "auto",
            BoothAssignment.locked.is_(False))).all()
        if {str(a.booth_id): a.application_id for a in current} != (run.released or {}):
            raise stale
        for assignment in current:
            session.delete(assignment)
        session.flush()
    session.add_all(BoothAssignment(booth_id=booth_id, application_id=int(application_id), source="auto",
                                    locked=False, assigned_at=now, assigned_by_id=actor.id, run_id=run.id)
                    for application_id, booth_ids in run.proposal.items() for booth_id in booth_ids)
    run.status, run.committed_at = "committed", now
    try:
        session.flush()
    except IntegrityError as error:
        raise stale from error
    record_audit(session, actor, "allocation.commit", run, now=now,
                 before={"released": len(run.released or {})} if run.replan else None,
                 after={"assignments": sum(len(b) for b in run.proposal.values())})
    fit_booth_fee_grants(session, [int(a) for a in run.proposal] + list((run.released or {}).values()), actor=actor,
                         now=now)
    return run


def get_run(session, run_id: int) -> AllocationRun:
    """An allocation run, or NotFound."""
    run = session.get(AllocationRun, run_id)
    if run is None:
        raise NotFound(_("No such allocation run."))
    return run


def _wording(session, run: AllocationRun, language: str):
    codes = dict(session.execute(sa.select(Booth.id, Booth.code).where(Booth.fair_id == run.fair_id)).all())
    zone_names = {zone.id: zone.name(language) for zone in session.scalars(
        sa.select(Zone).where(Zone.fair_id == run.fair_id))}
    explanations = run.explanations or {}

    def explain(application_id: str, booth_ids: list[int]) -> str:
        return explanation_text(explanations.get(application_id), [codes[b] for b in booth_ids], zone_names, language)
    return codes, explain


def run_summary(session, run: AllocationRun, *, language: str) -> dict:
    """The run for the API: booth codes per application, waitlist reasons, and a sentence on each."""
    codes, explain = _wording(session, run, language)
    return {
        "run_id": run.id, "status": run.status, "seed": run.seed, "replan": run.replan, "metrics": run.metrics,
        "assignments": [{"application_id": int(app), "booths": sorted(codes[b] for b in booths),
                         "explanation": explain(app, booths)}
                        for app, booths in sorted(run.proposal.items(), key=lambda item: int(item[0]))],
        "waitlist": [{"application_id": int(app), "reason": reason_text(reason), "code": reason,
                      "explanation": explain(app, [])}
                     for app, reason in sorted(run.waitlist.items(), key=lambda item: int(item[0]))],
        "changes": [{"application_id": change["application_id"], "change": change["change"],
                     "before": change["before"], "after": change["after"]} for change in run_diff(session, run)],
    }


def run_diff(session, run: AllocationRun) -> list[dict]:
    """What committing the run changes, per application: added, moved, kept or removed (booth codes)."""
    codes = dict(session.execute(sa.select(Booth.id, Booth.code).where(Booth.fair_id == run.fair_id)).all())
    before: dict[int, list[str]] = {}
    for booth_id, application_id in (run.released or {}).items():
        before.setdefault(application_id, []).append(codes.get(int(booth_id), "?"))
    after = {int(app): [codes[b] for b in booths] for app, booths in run.proposal.items()}
    changes = []
    for application_id in sorted(set(before) | set(after)):
        old, new = sorted(before.get(application_id, [])), sorted(after.get(application_id, []))
        kind = "added" if not old else "removed" if not new else "kept" if old == new else "moved"
        changes.append({"application_id": application_id, "change": kind, "before": old, "after": new})
    return changes


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


def runs_page(session, fair: Fair, pagination) -> list[AllocationRun]:
    """One API page of the fair's runs, newest first."""
    return page_items(session, sa.select(AllocationRun).where(AllocationRun.fair_id == fair.id)
                      .order_by(AllocationRun.id.desc()), pagination)


def run_details(session, run: AllocationRun, *, language: str) -> dict:
    """Per application of a run: the enterprise, its booths or waitlist reason, the explanation, the change."""
    changes = {change["application_id"]: change for change in run_diff(session, run)}
    ids = [int(app) for app in list(run.proposal) + list(run.waitlist)] + list(changes)
    applications = {a.id: a for a in session.scalars(sa.select(BoothApplication).where(BoothApplication.id.in_(ids)))}
    codes, explain = _wording(session, run, language)
    placed = [{"application": applications[int(app)], "booths": sorted(codes[b] for b in booths),
               "explanation": explain(app, booths), "change": changes.get(int(app))}
              for app, booths in run.proposal.items() if int(app) in applications]
    waiting = [{"application": applications[int(app)], "reason": reason_text(reason), "explanation": explain(app, [])}
               for app, reason in run.waitlist.items() if int(app) in applications]
    placed.sort(key=lambda item: item["booths"][0])
    moved = [dict(change, application=applications[app]) for app, change in changes.items()
             if change["change"] in ("moved", "removed") and app in applications]
    counts = {kind: sum(1 for c in changes.values() if c["change"] == kind)
              for kind in ("added", "moved", "kept", "removed")}
    return {"placed": placed, "waiting": waiting, "moved": moved, "change_counts": counts}


def proposed_occupants(session, run: AllocationRun) -> dict[int, Enterprise]:
    """Booth id -> the enterprise a preview would put there (for drawing the preview on the plan)."""
    ids = [int(app) for app in run.proposal]
    enterprises = dict(session.execute(sa.select(BoothApplication.id, Enterprise).join(Enterprise)
                                       .where(BoothApplication.id.in_(ids))).all())
    return {booth_id: enterprises[int(app)] for app, booths in run.proposal.items() for booth_id in booths
            if int(app) in enterprises}


def previews_waiting(session, fair_ids: list[int]) -> set[int]:
    """The fairs whose latest allocation run is a preview not yet committed nor discarded."""
    latest = (sa.select(AllocationRun.fair_id, sa.func.max(AllocationRun.id).label("run_id"))
              .where(AllocationRun.fair_id.in_(fair_ids)).group_by(AllocationRun.fair_id).subquery())
    return set(session.scalars(sa.select(AllocationRun.fair_id).join(latest, latest.c.run_id == AllocationRun.id)
                               .where(AllocationRun.status == "preview")))
