"""Manual booth assignment: the organizer gives an approved application its booths by hand.

Hard rules (the same the allocation engine keeps): booths of this fair, not blocked, not taken,
all in one hall and one zone, forming one contiguous block, no more than were requested.
The database's unique booth id decides a race between two organizers.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from booths.applications.fees import fit_booth_fee_grants
from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.services import MANAGERS
from booths.layout.contiguity import is_contiguous
from booths.layout.models import Booth
from booths.layout.services import neighbour_graph
from core.audit import record_audit
from core.errors import Conflict, PermissionDenied, ValidationFailed
from core.reference.provinces import resolve_province
from core.text import fold, fold_many
from enterprises.models import Enterprise


def assign_booths(session, application: BoothApplication, codes: list[str], *, actor: User,
                  now: datetime) -> list[BoothAssignment]:
    """Give `codes` to an approved application, keeping every hard rule; all or nothing."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers assign booths."))
    if application.status != "approved":
        raise Conflict(_("Only approved applications receive booths."))
    wanted = [code.strip().upper() for code in codes if code.strip()]
    if not wanted:
        raise ValidationFailed([{"field": "codes", "message": _("Choose at least one booth.")}])
    booths = list(session.scalars(sa.select(Booth).where(Booth.fair_id == application.fair_id,
                                                         Booth.code.in_(wanted))))
    unknown = sorted(set(wanted) - {booth.code for booth in booths})
    if unknown:
        raise ValidationFailed([{"field": "codes",
                                 "message": _("Unknown booths: %(codes)s.", codes=", ".join(unknown))}])
    already = session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)
                             .where(BoothAssignment.application_id == application.id))
    if already + len(booths) > application.booths_requested:
        raise ValidationFailed([{"field": "codes", "message": _(
            "This application asked for %(n)d booths.", n=application.booths_requested)}])
    blocked = [booth.code for booth in booths if booth.blocked]
    if blocked:
        raise ValidationFailed([{"field": "codes", "message": _(
            "Blocked booths stay empty: %(codes)s.", codes=", ".join(blocked))}])
    taken = list(session.scalars(sa.select(Booth.code).join(BoothAssignment).where(
        BoothAssignment.booth_id.in_([booth.id for booth in booths]))))
    if taken:
        raise Conflict(_("Already assigned: %(codes)s.", codes=", ".join(sorted(taken))), field="codes")
    existing = list(session.scalars(sa.select(Booth).join(BoothAssignment)
                                    .where(BoothAssignment.application_id == application.id)))
    block = existing + booths
    if len({booth.hall_id for booth in block}) > 1 or len({booth.zone_id for booth in block}) > 1:
        raise ValidationFailed([{"field": "codes", "message": _(
            "An exhibitor's booths lie in one hall and one zone.")}])
    graph = neighbour_graph(session, application.fair)
    if not is_contiguous([booth.id for booth in block], graph):
        raise ValidationFailed([{"field": "codes", "message": _(
            "An exhibitor's booths form one block: each must share an edge with another.")}])
    check_no_competitor_beside(session, application, [booth.id for booth in block], graph)
    assignments = [BoothAssignment(booth_id=booth.id, application_id=application.id, source="manual",
                                   locked=True, assigned_at=now, assigned_by_id=actor.id) for booth in booths]
    session.add_all(assignments)
    try:
        session.flush()
    except IntegrityError as error:  # another organizer took a booth a moment ago
        raise Conflict(_("One of these booths was just assigned to someone else; reload the plan."),
                       field="codes") from error
    record_audit(session, actor, "booth.assign", application, now=now,
                 after={"booths": sorted(booth.code for booth in booths)})
    fit_booth_fee_grants(session, [application.id], actor=actor, now=now)
    return assignments


def check_no_competitor_beside(session, application: BoothApplication, booth_ids: list[int],
                               graph: dict[int, set[int]], *, ignoring: tuple[int, ...] = ()) -> None:
    """Refuse booths sharing an edge with a competitor's (either side named the other as one to avoid).

    `ignoring`: applications whose current booths do not count (they are moving in the same change).
    """
    beside = {n for booth_id in booth_ids for n in graph.get(booth_id, ())} - set(booth_ids)
    if not beside:
        return
    rows = session.execute(
        sa.select(Booth.code, BoothApplication).join(BoothAssignment, BoothAssignment.booth_id == Booth.id)
        .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
        .where(Booth.id.in_(beside), BoothApplication.id != application.id)).all()
    for code, other in rows:
        if other.id in ignoring:
            continue
        if (other.enterprise_id in (application.avoid_enterprise_ids or [])
                or application.enterprise_id in (other.avoid_enterprise_ids or [])):
            raise ValidationFailed([{"field": "codes", "message": _(
                "Competitors never share an edge: %(code)s belongs to %(name)s.",
                code=code, name=other.enterprise.legal_name)}])


def unassign_booth(session, booth: Booth, *, actor: User, now: datetime) -> None:
    """Take a booth back from its application."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers assign booths."))
    assignment = session.scalar(sa.select(BoothAssignment).where(BoothAssignment.booth_id == booth.id))
    if assignment is None:
        raise Conflict(_("Booth %(code)s is not assigned.", code=booth.code))
    application_id = assignment.application_id
    session.delete(assignment)
    session.flush()
    record_audit(session, actor, "booth.unassign", booth, now=now, before={"application": application_id})
    fit_booth_fee_grants(session, [application_id], actor=actor, now=now)


def booths_of(session, application: BoothApplication) -> list[Booth]:
    """The booths assigned to an application, by code."""
    return list(session.scalars(sa.select(Booth).join(BoothAssignment)
                                .where(BoothAssignment.application_id == application.id).order_by(Booth.code)))


def booths_held(session, booth_ids: list[int]) -> set[int]:
    """The ids among `booth_ids` that an application holds."""
    return set(session.scalars(sa.select(BoothAssignment.booth_id).where(BoothAssignment.booth_id.in_(booth_ids))))


def held_booths() -> sa.Select:
    """A SELECT of the ids of every booth an application holds (filters booth lists in SQL)."""
    return sa.select(BoothAssignment.booth_id)


def occupants(session, fair_id: int) -> dict[int, Enterprise]:
    """Booth id → the enterprise occupying it, for the fair's assigned booths."""
    rows = session.execute(
        sa.select(BoothAssignment.booth_id, Enterprise)
        .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
        .join(Enterprise, Enterprise.id == BoothApplication.enterprise_id)
        .where(BoothApplication.fair_id == fair_id))
    return {booth_id: enterprise for booth_id, enterprise in rows}


def _placed(fair_id: int):
    return (sa.select(Enterprise, Booth.code, Booth.hall_id)
            .join(BoothApplication, BoothApplication.enterprise_id == Enterprise.id)
            .join(BoothAssignment, BoothAssignment.application_id == BoothApplication.id)
            .join(Booth, Booth.id == BoothAssignment.booth_id)
            .where(BoothApplication.fair_id == fair_id))


def exhibitor_directory(session, fair_id: int, *, search: str = "", province: str = "", country: str = "",
                        sector: str = "", enterprise_id: int | None = None) -> list[dict]:
    """The fair's placed exhibitors with their booths, filtered by name, province, country and sector
    (or one exhibitor), by name."""
    query = _placed(fair_id).order_by(Enterprise.legal_name, Booth.code)
    for column, value in ((Enterprise.country, country.upper()), (Enterprise.sector, sector),
                          (Enterprise.id, enterprise_id)):
        if value:
            query = query.where(column == value)
    if province:
        # Records kept with a former province's name count under the unit that absorbed it.
        stored = session.scalars(sa.select(_placed(fair_id).subquery().c.province).distinct())
        query = query.where(Enterprise.province.in_([name for name in stored if _unit(name) == _unit(province)]))
    named = _placed_named(session, fair_id, search) if fold(search) else None
    if named is not None and len(named) <= _FEW:
        query = query.where(Enterprise.id.in_(sorted(named)))
    directory: dict[int, dict] = {}
    for enterprise, code, hall_id in session.execute(query):
        if named is not None and enterprise.id not in named:
            continue
        entry = directory.setdefault(enterprise.id, {"enterprise": enterprise, "booths": [], "hall_id": hall_id})
        entry["booths"].append(code)
    return list(directory.values())


# Up to this many exhibitors found by name are fetched by id; more are filtered as the rows come.
_FEW = 500


def _placed_named(session, fair_id: int, search: str) -> set[int]:
    """The ids of the fair's placed enterprises whose name, English name or products contain `search`, matched
    in Python so that "chu dau" finds "Chu Đậu" on every database: only those three columns are read, and all of
    them folded in one pass."""
    rows = session.execute(sa.select(Enterprise.id, Enterprise.legal_name, Enterprise.name_en, Enterprise.products)
                           .where(Enterprise.id.in_(_placed(fair_id).with_only_columns(Enterprise.id)))).all()
    texts = fold_many(" ".join(filter(None, (row.legal_name, row.name_en, row.products))) for row in rows)
    wanted = fold(search)
    return {row.id for row, text in zip(rows, texts, strict=True) if wanted in text}


def _unit(province: str | None) -> str | None:
    """Today's unit of a province name (current or former)."""
    unit = resolve_province(province) if province else None
    return unit.name_vi if unit is not None else province


def booth_codes_by_application(session, application_ids: list[int]) -> dict[int, list[str]]:
    """Application id → its assigned booth codes."""
    codes: dict[int, list[str]] = {}
    if not application_ids:
        return codes
    rows = session.execute(sa.select(BoothAssignment.application_id, Booth.code).join(Booth)
                           .where(BoothAssignment.application_id.in_(application_ids)).order_by(Booth.code))
    for application_id, code in rows:
        codes.setdefault(application_id, []).append(code)
    return codes


def applications_needing_booths(session, fair_id: int) -> list[BoothApplication]:
    """The fair's approved applications holding fewer booths than they asked for, by enterprise name."""
    held = (sa.select(BoothAssignment.application_id, sa.func.count().label("held"))
            .group_by(BoothAssignment.application_id).subquery())
    return list(session.scalars(
        sa.select(BoothApplication).join(Enterprise)
        .outerjoin(held, held.c.application_id == BoothApplication.id)
        .where(BoothApplication.fair_id == fair_id, BoothApplication.status == "approved",
               sa.func.coalesce(held.c.held, 0) < BoothApplication.booths_requested)
        .order_by(Enterprise.legal_name)))
