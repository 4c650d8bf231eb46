"""Layout rules: halls, zones, booths placed inside their hall without overlaps, and the neighbour graph."""

import re
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from booths.layout.booth_rows import (
    BAD_CODE,
    BAD_NUMBER,
    BAD_TYPE,
    NEGATIVE,
    NOT_POSITIVE,
    REQUIRED,
    BoothRow,
    missing_columns,
    parse_booth_rows,
)
from booths.layout.geometry import Rect, find_overlaps, inside, neighbour_pairs, to_cm
from booths.layout.grid import GridSpec, generate_grid
from booths.layout.models import Booth, BoothAdjacency, Hall, Zone
from booths.layout.occupancy import assigned_booth_ids, held_booths_select
from booths.layout.vocabulary import BOOTH_TYPES, DEFAULT_ZONE_COLOURS, ZONE_KINDS
from core.audit import record_audit
from core.errors import Conflict, NotFound, ValidationFailed
from core.pagination import order_by, page_items, parse_sort
from core.reference.countries import is_country_code
from core.reference.provinces import resolve_province
from fairs.models import Fair

COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_HALL_SIDE_CM = 200_000  # 2 km: anything larger is a typo
PROGRESS_EVERY = 2000  # rows checked between two reports of an import job's progress


def row_message(key: str) -> str:
    """The user's-language sentence for a parsing problem key."""
    return {
        REQUIRED: _("This field is required."),
        BAD_NUMBER: _("Not a number."),
        NOT_POSITIVE: _("Must be greater than zero."),
        NEGATIVE: _("Must not be negative."),
        BAD_TYPE: _("Unknown booth type: use standard, corner, island or raw_space."),
        BAD_CODE: _("Use 1 to 20 letters, digits, '.', '-' or '_'."),
    }[key]


def _positive_cm(value, field: str, errors: list[dict]) -> int | None:
    try:
        centimetres = to_cm(value)
    except (ArithmeticError, ValueError, TypeError):
        errors.append({"field": field, "message": _("Not a number.")})
        return None
    if centimetres <= 0 or centimetres > MAX_HALL_SIDE_CM:
        errors.append({"field": field, "message": _("Must be greater than zero.")
                       if centimetres <= 0 else _("Too large.")})
        return None
    return centimetres


def create_hall(session, fair: Fair, *, name: str, width_m, depth_m, actor, now: datetime) -> Hall:
    """Add a hall of width × depth metres to a fair; names are unique within the fair."""
    errors: list[dict] = []
    name = (name or "").strip()
    if not name or len(name) > 80:
        errors.append({"field": "name", "message": _("Give a name of at most 80 characters.")})
    width = _positive_cm(width_m, "width_m", errors)
    depth = _positive_cm(depth_m, "depth_m", errors)
    if errors:
        raise ValidationFailed(errors)
    # Case aside (in Python: SQLite's lower() folds ASCII only), so an import naming "hall a" finds one hall.
    if name.casefold() in {taken.casefold() for taken in session.scalars(
            sa.select(Hall.name).where(Hall.fair_id == fair.id))}:
        raise Conflict(_("This fair already has a hall named %(name)s.", name=name), field="name")
    hall = Hall(fair=fair, name=name, width_cm=width, depth_cm=depth)
    session.add(hall)
    session.flush()
    record_audit(session, actor, "hall.create", hall, now=now, after={"name": name, "width_cm": width,
                                                                      "depth_cm": depth})
    return hall


def create_zone(session, fair: Fair, values: dict, *, actor, now: datetime) -> Zone:
    """Add a zone; a pavilion names the province or country it gathers."""
    errors: list[dict] = []
    names = {}
    for field in ("name_vi", "name_en"):
        text = (values.get(field) or "").strip()
        if not text or len(text) > 120:
            errors.append({"field": field, "message": _("Give a name of at most 120 characters.")})
        names[field] = text
    kind = values.get("kind")
    if kind not in ZONE_KINDS:
        errors.append({"field": "kind", "message": _("Unknown zone kind.")})
    colour = (values.get("colour") or DEFAULT_ZONE_COLOURS.get(kind, "#999999")).strip()
    if not COLOUR_PATTERN.match(colour):
        errors.append({"field": "colour", "message": _("Give a colour as #rrggbb.")})
    province = None
    if values.get("province"):
        resolved = resolve_province(values["province"])
        if resolved is None:
            errors.append({"field": "province", "message": _("Unknown province.")})
        else:
            province = resolved.name_vi
    country = (values.get("country") or "").strip().upper() or None
    if country and not is_country_code(country):
        errors.append({"field": "country", "message": _("Unknown country code.")})
    if kind == "pavilion" and not (province or country or errors):
        errors.append({"field": "province", "message": _("A pavilion names a province or a country.")})
    if errors:
        raise ValidationFailed(errors)
    for field, column in (("name_vi", Zone.name_vi), ("name_en", Zone.name_en)):
        if names[field].casefold() in {taken.casefold() for taken in session.scalars(
                sa.select(column).where(Zone.fair_id == fair.id))}:
            raise Conflict(_("This fair already has a zone named %(name)s.", name=names[field]), field=field)
    zone = Zone(fair_id=fair.id, name_vi=names["name_vi"], name_en=names["name_en"], kind=kind,
                colour=colour.lower(), province=province, country=country)
    session.add(zone)
    session.flush()
    record_audit(session, actor, "zone.create", zone, now=now, after={"name": zone.name_vi, "kind": kind})
    return zone


def list_halls(session, fair: Fair) -> list[Hall]:
    """The fair's halls by name."""
    return list(session.scalars(sa.select(Hall).where(Hall.fair_id == fair.id).order_by(Hall.name)))


def list_zones(session, fair: Fair) -> list[Zone]:
    """The fair's zones in creation order."""
    return list(session.scalars(sa.select(Zone).where(Zone.fair_id == fair.id).order_by(Zone.id)))


def halls_page(session, fair: Fair, pagination) -> list[Hall]:
    """One API page of the fair's halls, by name."""
    return page_items(session, sa.select(Hall).where(Hall.fair_id == fair.id).order_by(Hall.name, Hall.id),
                      pagination)


def zones_page(session, fair: Fair, pagination) -> list[Zone]:
    """One API page of the fair's zones, in creation order."""
    return page_items(session, sa.select(Zone).where(Zone.fair_id == fair.id).order_by(Zone.id), pagination)


def list_booths(session, fair: Fair, hall: Hall | None = None) -> list[Booth]:
    """The fair's booths (of one hall if given), by code."""
    query = sa.select(Booth).where(Booth.fair_id == fair.id).order_by(Booth.code)
    if hall is not None:
        query = query.where(Booth.hall_id == hall.id)
    return list(session.scalars(query))


def get_hall(session, fair: Fair, hall_id: int) -> Hall:
    """A hall of this fair, or NotFound."""
    hall = session.get(Hall, hall_id)
    if hall is None or hall.fair_id != fair.id:
        raise NotFound(_("No such hall."))
    return hall


def get_booth(session, fair: Fair, code: str) -> Booth:
    """A booth of this fair by code, or NotFound."""
    booth = session.scalar(sa.select(Booth).where(Booth.fair_id == fair.id, Booth.code == code.upper()))
    if booth is None:
        raise NotFound(_("No booth %(code)s in this fair.", code=code))
    return booth


def booth_statuses(session, booths: list[Booth]) -> dict[int, str]:
    """Each booth's status: blocked, assigned (to an application) or available."""
    assigned = assigned_booth_ids(session, [booth.id for booth in booths])
    return {booth.id: ("blocked" if booth.blocked else "assigned" if booth.id in assigned else "available")
            for booth in booths}


def _existing_rects(session, hall_ids: set[int]) -> dict[int, list[Rect]]:
    rows = session.execute(
        sa.select(Booth.id, Booth.hall_id, Booth.code, Booth.x_cm, Booth.y_cm, Booth.width_cm, Booth.depth_cm)
        .where(Booth.hall_id.in_(hall_ids))
    )
    by_hall: dict[int, list[Rect]] = {hall_id: [] for hall_id in hall_ids}
    for booth_id, hall_id, code, x, y, width, depth in rows:
        by_hall[hall_id].append(Rect(("existing", booth_id, code), x, y, width, depth))
    return by_hall


def rebuild_adjacency(session, hall: Hall) -> int:
    """Recompute the neighbour pairs of one hall after its layout changed; return how many."""
    session.flush()
    session.execute(sa.delete(BoothAdjacency).where(BoothAdjacency.hall_id == hall.id))
    rects = [Rect(booth_id, x, y, w, d) for booth_id, x, y, w, d in session.execute(
        sa.select(Booth.id, Booth.x_cm, Booth.y_cm, Booth.width_cm, Booth.depth_cm).where(Booth.hall_id == hall.id))]
    pairs = [{"booth_id": min(a, b), "neighbour_id": max(a, b), "hall_id": hall.id}
             for a, b in neighbour_pairs(rects)]
    if pairs:
        session.execute(sa.insert(BoothAdjacency), pairs)
    return len(pairs)


def neighbour_graph(session, fair: Fair) -> dict[int, set[int]]:
    """Booth id → ids of the booths sharing an edge with it (from the stored pairs)."""
    graph: dict[int, set[int]] = {}
    rows = session.execute(
        sa.select(BoothAdjacency.booth_id, BoothAdjacency.neighbour_id)
        .join(Hall, Hall.id == BoothAdjacency.hall_id).where(Hall.fair_id == fair.id)
    )
    for a, b in rows:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    return graph


def _lookup_zone(zones: list[Zone], name: str) -> Zone | None:
    folded = name.strip().casefold()
    for zone in zones:
        if folded in (zone.name_vi.casefold(), zone.name_en.casefold()):
            return zone
    return None


def import_booths(session, fair: Fair, rows: list[dict[str, str]], *, actor, now: datetime,
                  validate: bool = True, progress: Callable[[float], None] | None = None) -> int:
    """Create every booth of the table or none: each problem is reported with its row and column.

    `validate=False` skips the geometry checks (containment and overlaps); it exists only to
    measure what they cost and is never used by the application. `progress(fraction)` hears how far
    the checks have got; it is never called once the writes have begun (on SQLite the job's progress is
    written on another connection, which the import's write lock would hold up).
    """
    if not rows:
        raise ValidationFailed([{"row": None, "field": None, "message": _("The file has no booth rows.")}])
    missing = missing_columns(set(rows[0]))
    if missing:
        raise ValidationFailed([{"row": None, "field": column, "message": _("Missing column.")}
                                for column in missing])
    parsed, problems = parse_booth_rows(rows)
    if progress is not None:
        progress(0.2)
    errors = [{"row": row, "field": field, "message": row_message(key)} for row, field, key in problems]
    halls = {hall.name.casefold(): hall for hall in list_halls(session, fair)}
    zones = list_zones(session, fair)
    existing_codes = set(session.scalars(sa.select(Booth.code).where(Booth.fair_id == fair.id)))
    seen_codes: dict[str, int] = {}
    placed: list[tuple[BoothRow, Hall, Zone]] = []
    for number, item in enumerate(parsed, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(0.2 + 0.6 * number / len(parsed))
        hall = halls.get(item.hall.casefold())
        zone = _lookup_zone(zones, item.zone)
        row_errors = []
        if hall is None:
            row_errors.append({"row": item.row, "field": "hall", "message": _("Unknown hall: %(name)s.",
                                                                              name=item.hall)})
        if zone is None:
            row_errors.append({"row": item.row, "field": "zone", "message": _("Unknown zone: %(name)s.",
                                                                              name=item.zone)})
        if item.code in existing_codes:
            row_errors.append({"row": item.row, "field": "code",
                               "message": _("Booth %(code)s already exists in this fair.", code=item.code)})
        elif item.code in seen_codes:
            row_errors.append({"row": item.row, "field": "code", "message": _(
                "Booth %(code)s is also on row %(other)d.", code=item.code, other=seen_codes[item.code])})
        seen_codes.setdefault(item.code, item.row)
        if hall is not None and validate and not inside(Rect(None, item.x, item.y, item.width, item.depth),
                                                        hall.width_cm, hall.depth_cm):
            row_errors.append({"row": item.row, "field": "x_m", "message": _(
                "The booth does not fit inside hall %(hall)s.", hall=hall.name)})
        if row_errors:
            errors.extend(row_errors)
        else:
            placed.append((item, hall, zone))
    if validate:
        errors.extend(_overlap_errors(session, placed))
    if progress is not None:
        progress(1.0)
    if errors:
        errors.sort(key=lambda error: (error["row"] or 0, error["field"] or ""))
        raise ValidationFailed(errors, message=_("Nothing was imported: %(n)d problems.", n=len(errors)))
    values = [{"fair_id": fair.id, "hall_id": hall.id, "zone_id": zone.id, "code": item.code, "x_cm": item.x,
               "y_cm": item.y, "width_cm": item.width, "depth_cm": item.depth, "booth_type": item.booth_type,
               "price_vnd": item.price_vnd, "blocked": False} for item, hall, zone in placed]
    try:
        session.execute(sa.insert(Booth), values)
    except IntegrityError as error:
        raise Conflict(_("Another change to this fair's booths happened at the same time; try again.")) from error
    for hall in {hall.id: hall for _item, hall, _zone in placed}.values():
        rebuild_adjacency(session, hall)
    record_audit(session, actor, "booth.import", fair, now=now, after={"created": len(values)})
    return len(values)


def _overlap_errors(session, placed: list[tuple[BoothRow, Hall, Zone]]) -> list[dict]:
    by_hall: dict[int, list[Rect]] = _existing_rects(session, {hall.id for _item, hall, _zone in placed})
    for item, hall, _zone in placed:
        by_hall[hall.id].append(Rect(("new", item.row, item.code), item.x, item.y, item.width, item.depth))
    errors = []
    for rects in by_hall.values():
        for a, b in find_overlaps(rects):
            # Pairs come in input order (existing booths first): name the later, new row.
            new, other = (b, a) if b[0] == "new" else (a, b)
            if new[0] != "new":
                continue
            errors.append({"row": new[1], "field": "x_m", "message": _(
                "Booth %(code)s overlaps booth %(other)s.", code=new[2], other=other[2])})
    return errors


def grid_rows(spec: GridSpec, hall: Hall, zone: Zone, *, booth_type: str, price_vnd: int) -> list[dict[str, str]]:
    """The grid as import rows, so generated booths pass exactly the checks of an import."""
    return [{"code": booth.code, "hall": hall.name, "zone": zone.name_vi, "x_m": str(booth.x / 100),
             "y_m": str(booth.y / 100), "width_m": str(booth.width / 100), "depth_m": str(booth.depth / 100),
             "type": booth_type, "price_vnd": str(price_vnd)} for booth in generate_grid(spec)]


def create_grid(session, fair: Fair, spec: GridSpec, hall: Hall, zone: Zone, *, booth_type: str,
                price_vnd: int, actor, now: datetime) -> int:
    """Create a generated grid of booths, all or none, with the import's checks."""
    if booth_type not in BOOTH_TYPES:
        raise ValidationFailed([{"field": "booth_type", "message": row_message(BAD_TYPE)}])
    return import_booths(session, fair, grid_rows(spec, hall, zone, booth_type=booth_type, price_vnd=price_vnd),
                         actor=actor, now=now)


def layout_summary(session, fair: Fair) -> list[dict]:
    """Each hall with its size and booth counts (total, blocked), for the layout page: counted hall by hall from
    the (hall, blocked) index, not from the fair's booth rows (74,000 at Canton scale)."""
    halls = list_halls(session, fair)
    ids = [hall.id for hall in halls]
    counts = dict(session.execute(
        sa.select(Booth.hall_id, sa.func.count()).where(Booth.hall_id.in_(ids)).group_by(Booth.hall_id)).all()) \
        if ids else {}
    blocked = dict(session.execute(
        sa.select(Booth.hall_id, sa.func.count()).where(Booth.hall_id.in_(ids), Booth.blocked == sa.true())
        .group_by(Booth.hall_id)).all()) if ids else {}
    return [{"hall": hall, "booths": counts.get(hall.id, 0), "blocked": blocked.get(hall.id, 0)} for hall in halls]


BOOTH_LIST_SORTS = {"code": (Booth.code, Booth.id), "price": (Booth.price_vnd, Booth.id),
                    "hall": (Hall.name, Booth.code, Booth.id)}


def booth_rows_for_api(session, fair: Fair, filters: dict, pagination, *, language: str) -> list[dict]:
    """One page of the fair's booths as plain dicts for the API (metres, names, status), filtered by hall (id or
    name), zone and status in the database; three queries a page however large the fair."""
    query = sa.select(Booth).join(Hall, Hall.id == Booth.hall_id).where(Booth.fair_id == fair.id)
    hall = (filters.get("hall") or "").strip()
    if hall:
        query = query.where(Hall.id == int(hall) if hall.isdigit() and len(hall) < 10
                            else sa.func.lower(Hall.name) == hall.lower())
    if filters.get("zone_id"):
        query = query.where(Booth.zone_id == filters["zone_id"])
    status = filters.get("status")
    if status == "blocked":
        query = query.where(Booth.blocked.is_(True))
    elif status in ("assigned", "available"):
        held = held_booths_select()
        query = query.where(Booth.blocked.is_(False))
        if held is None:
            query = query.where(sa.false()) if status == "assigned" else query
        else:
            query = query.where(Booth.id.in_(held) if status == "assigned" else Booth.id.not_in(held))
    sort = parse_sort(filters.get("sort"), BOOTH_LIST_SORTS, "code")
    query = query.order_by(*order_by(sort, BOOTH_LIST_SORTS)).options(so.contains_eager(Booth.hall),
                                                                       so.joinedload(Booth.zone))
    booths = page_items(session, query, pagination)
    statuses = booth_statuses(session, booths)
    return [booth_row(booth, statuses[booth.id], language=language) for booth in booths]


def booth_row(booth: Booth, status: str, *, language: str) -> dict:
    """A booth as a plain dict for the API: metres, hall and zone names, status."""
    return {"code": booth.code, "hall": booth.hall.name, "zone": booth.zone.name(language), "zone_id": booth.zone_id,
            "x_m": booth.x_cm / 100, "y_m": booth.y_cm / 100, "width_m": booth.width_cm / 100,
            "depth_m": booth.depth_cm / 100, "type": booth.booth_type, "price_vnd": booth.price_vnd,
            "status": status, "blocked_reason": booth.blocked_reason}
