"""Editing booths one by one or in bulk: move, resize, retype, reprice, block and unblock."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from booths.layout.booth_rows import BAD_TYPE
from booths.layout.geometry import Rect, inside, overlap, to_cm
from booths.layout.models import Booth, Zone
from booths.layout.services import rebuild_adjacency, row_message
from booths.layout.vocabulary import BOOTH_TYPES
from core.audit import record_audit
from core.errors import ValidationFailed
from fairs.models import Fair


def update_booth(session, booth: Booth, changes: dict, *, actor, now: datetime) -> Booth:
    """Move, resize, retype or reprice a booth, keeping it inside its hall and clear of the others."""
    errors: list[dict] = []
    before = {"x_cm": booth.x_cm, "y_cm": booth.y_cm, "width_cm": booth.width_cm, "depth_cm": booth.depth_cm,
              "booth_type": booth.booth_type, "price_vnd": booth.price_vnd, "zone_id": booth.zone_id}
    geometry = {}
    for field, column in (("x_m", "x_cm"), ("y_m", "y_cm"), ("width_m", "width_cm"), ("depth_m", "depth_cm")):
        if changes.get(field) is None:
            geometry[column] = getattr(booth, column)
            continue
        try:
            geometry[column] = to_cm(changes[field])
        except (ArithmeticError, ValueError, TypeError):
            errors.append({"field": field, "message": _("Not a number.")})
    for column, field in (("width_cm", "width_m"), ("depth_cm", "depth_m")):
        if column in geometry and geometry[column] <= 0:
            errors.append({"field": field, "message": _("Must be greater than zero.")})
    for column, field in (("x_cm", "x_m"), ("y_cm", "y_m")):
        if column in geometry and geometry[column] < 0:
            errors.append({"field": field, "message": _("Must not be negative.")})
    booth_type = changes.get("booth_type") or booth.booth_type
    if booth_type not in BOOTH_TYPES:
        errors.append({"field": "booth_type", "message": row_message(BAD_TYPE)})
    price = changes.get("price_vnd", booth.price_vnd)
    if not isinstance(price, int) or price < 0:
        errors.append({"field": "price_vnd", "message": _("Must not be negative.")})
    zone_id = changes.get("zone_id") or booth.zone_id
    zone = session.get(Zone, zone_id)
    if zone is None or zone.fair_id != booth.fair_id:
        errors.append({"field": "zone_id", "message": _("Unknown zone.")})
    if errors:
        raise ValidationFailed(errors)
    rect = Rect(booth.id, geometry["x_cm"], geometry["y_cm"], geometry["width_cm"], geometry["depth_cm"])
    if not inside(rect, booth.hall.width_cm, booth.hall.depth_cm):
        raise ValidationFailed([{"field": "x_m", "message": _(
            "The booth does not fit inside hall %(hall)s.", hall=booth.hall.name)}])
    clash = _first_overlap(session, booth, rect)
    if clash:
        raise ValidationFailed([{"field": "x_m", "message": _(
            "Booth %(code)s overlaps booth %(other)s.", code=booth.code, other=clash)}])
    for column, value in geometry.items():
        setattr(booth, column, value)
    booth.booth_type, booth.price_vnd, booth.zone_id = booth_type, price, zone.id
    session.flush()
    if any(before[column] != geometry[column] for column in geometry):
        rebuild_adjacency(session, booth.hall)
    record_audit(session, actor, "booth.update", booth, now=now, before=before, after={
        **geometry, "booth_type": booth_type, "price_vnd": price, "zone_id": zone.id})
    return booth


def _first_overlap(session, booth: Booth, rect: Rect) -> str | None:
    # Only booths whose box can meet the new rectangle: the position index keeps this a range scan.
    nearby = session.execute(
        sa.select(Booth.code, Booth.x_cm, Booth.y_cm, Booth.width_cm, Booth.depth_cm)
        .where(Booth.hall_id == booth.hall_id, Booth.id != booth.id,
               Booth.x_cm < rect.right, Booth.y_cm < rect.bottom,
               Booth.x_cm + Booth.width_cm > rect.x, Booth.y_cm + Booth.depth_cm > rect.y)
    )
    for code, x, y, width, depth in nearby:
        if overlap(rect, Rect(code, x, y, width, depth)):
            return code
    return None


def set_booth_blocked(session, booth: Booth, *, blocked: bool, reason: str = "", actor, now: datetime) -> Booth:
    """Block a booth (a reason is required) or make it available again."""
    reason = (reason or "").strip()
    if blocked and not reason:
        raise ValidationFailed([{"field": "reason", "message": _("Say why the booth is blocked.")}])
    before = {"blocked": booth.blocked, "reason": booth.blocked_reason}
    booth.blocked, booth.blocked_reason = blocked, (reason[:200] if blocked else None)
    session.flush()
    record_audit(session, actor, "booth.block" if blocked else "booth.unblock", booth, now=now, before=before,
                 after={"blocked": blocked, "reason": booth.blocked_reason})
    return booth


def set_prices(session, fair: Fair, *, price_vnd: int, codes: list[str] | None = None, zone: Zone | None = None,
               actor, now: datetime) -> int:
    """Set the price of the listed booths, or of every booth of a zone; return how many changed."""
    if not isinstance(price_vnd, int) or price_vnd < 0:
        raise ValidationFailed([{"field": "price_vnd", "message": _("Must not be negative.")}])
    query = sa.select(Booth).where(Booth.fair_id == fair.id)
    if zone is not None:
        query = query.where(Booth.zone_id == zone.id)
    elif codes:
        wanted = {code.strip().upper() for code in codes if code.strip()}
        booths = list(session.scalars(query.where(Booth.code.in_(wanted))))
        unknown = sorted(wanted - {booth.code for booth in booths})
        if unknown:
            raise ValidationFailed([{"field": "codes", "message": _(
                "Unknown booths: %(codes)s.", codes=", ".join(unknown))}])
        query = query.where(Booth.code.in_(wanted))
    else:
        raise ValidationFailed([{"field": "codes", "message": _("Choose booths or a zone.")}])
    booths = list(session.scalars(query))
    for booth in booths:
        booth.price_vnd = price_vnd
    session.flush()
    record_audit(session, actor, "booth.price", fair, now=now,
                 after={"price_vnd": price_vnd, "booths": [booth.code for booth in booths][:500]})
    return len(booths)
