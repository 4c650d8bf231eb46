"""Manual moves on the plan after allocation: swap two exhibitors' blocks, lock or unlock a block.

Each keeps the hard rules (the database's unique booth id, blocks of the size asked for,
competitors never side by side) and is audited with the booths before and after.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from booths.applications.assignments import check_no_competitor_beside
from booths.applications.fees import fit_booth_fee_grants
from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.services import MANAGERS
from booths.layout.models import Booth
from booths.layout.services import neighbour_graph
from core.audit import record_audit
from core.errors import Conflict, PermissionDenied, ValidationFailed


def _assignments(session, application: BoothApplication) -> list[BoothAssignment]:
    return list(session.scalars(sa.select(BoothAssignment).join(Booth)
                                .where(BoothAssignment.application_id == application.id).order_by(Booth.code)))


def holder_of(session, booth: Booth) -> BoothApplication | None:
    """The application holding a booth, if any."""
    return session.scalar(sa.select(BoothApplication).join(BoothAssignment)
                          .where(BoothAssignment.booth_id == booth.id))


def block_locked(session, application: BoothApplication) -> bool:
    """True if the application's booths are locked (a re-plan leaves them alone)."""
    return bool(session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment).where(
        BoothAssignment.application_id == application.id, BoothAssignment.locked.is_(True))))


def swap_blocks(session, first: BoothApplication, second: BoothApplication, *, actor: User,
                now: datetime) -> None:
    """Give each application the other's booths; both blocks must be the same size. The result is locked."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers assign booths."))
    if first.id == second.id or first.fair_id != second.fair_id:
        raise ValidationFailed([{"field": "other", "message": _("Choose a booth of another exhibitor.")}])
    mine, theirs = _assignments(session, first), _assignments(session, second)
    if not mine or not theirs:
        raise Conflict(_("Both exhibitors must already have booths to swap them."), field="other")
    if len(mine) != len(theirs):
        raise ValidationFailed([{"field": "other", "message": _(
            "Only blocks of the same size can be swapped (%(a)d and %(b)d booths).", a=len(mine), b=len(theirs))}])
    mine_ids, theirs_ids = [a.booth_id for a in mine], [a.booth_id for a in theirs]
    graph = neighbour_graph(session, first.fair)
    check_no_competitor_beside(session, first, theirs_ids, graph, ignoring=(second.id,))
    check_no_competitor_beside(session, second, mine_ids, graph, ignoring=(first.id,))
    codes = dict(session.execute(sa.select(Booth.id, Booth.code).where(Booth.id.in_(mine_ids + theirs_ids))).all())
    for assignment in mine + theirs:
        session.delete(assignment)
    session.flush()
    session.add_all(BoothAssignment(booth_id=booth_id, application_id=application.id, source="manual", locked=True,
                                    assigned_at=now, assigned_by_id=actor.id)
                    for application, booth_ids in ((first, theirs_ids), (second, mine_ids)) for booth_id in booth_ids)
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(_("The booths changed meanwhile; reload the plan."), field="other") from error
    before = {str(first.id): sorted(codes[b] for b in mine_ids), str(second.id): sorted(codes[b] for b in theirs_ids)}
    after = {str(first.id): before[str(second.id)], str(second.id): before[str(first.id)]}
    record_audit(session, actor, "booth.swap", first, now=now, before=before, after=after)
    fit_booth_fee_grants(session, [first.id, second.id], actor=actor, now=now)


def set_block_locked(session, application: BoothApplication, locked: bool, *, actor: User, now: datetime) -> int:
    """Lock an application's booths (a re-plan leaves them where they are) or unlock them; how many changed."""
    if actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers assign booths."))
    assignments = _assignments(session, application)
    if not assignments:
        raise Conflict(_("This application has no booths."))
    changed = [a for a in assignments if a.locked != locked]
    for assignment in changed:
        assignment.locked = locked
    session.flush()
    record_audit(session, actor, "booth.lock" if locked else "booth.unlock", application, now=now,
                 before={"locked": not locked, "booths": len(changed)}, after={"locked": locked})
    return len(changed)
