"""Marshmallow schemas of the layout API."""

from decimal import Decimal

import marshmallow as ma

from booths.layout.services import MAX_HALL_SIDE_CM
from booths.layout.vocabulary import BOOTH_STATUSES, BOOTH_TYPES, COLOUR_MODES, ZONE_KINDS
from core.api import ExactDecimal, Id

HALL_SIDE_MAX_M = Decimal(MAX_HALL_SIDE_CM) / 100


class HallInSchema(ma.Schema):
    """A hall to create."""

    name = ma.fields.String(required=True)
    width_m = ExactDecimal(required=True, digits=7, places=2, positive=True, maximum=HALL_SIDE_MAX_M)
    depth_m = ExactDecimal(required=True, digits=7, places=2, positive=True, maximum=HALL_SIDE_MAX_M)


class HallOutSchema(ma.Schema):
    """A hall."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    width_m = ma.fields.Function(lambda hall: hall.width_cm / 100)
    depth_m = ma.fields.Function(lambda hall: hall.depth_cm / 100)


class ZoneInSchema(ma.Schema):
    """A zone to create; a pavilion names a province or a country."""

    name_vi = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(ZONE_KINDS))
    colour = ma.fields.String(load_default=None, allow_none=True)
    province = ma.fields.String(load_default=None, allow_none=True)
    country = ma.fields.String(load_default=None, allow_none=True)


class ZoneOutSchema(ma.Schema):
    """A zone."""

    id = ma.fields.Integer()
    name_vi = ma.fields.String()
    name_en = ma.fields.String()
    kind = ma.fields.String()
    colour = ma.fields.String()
    province = ma.fields.String(allow_none=True)
    country = ma.fields.String(allow_none=True)


class ImportResultSchema(ma.Schema):
    """How many booths an import created."""

    created = ma.fields.Integer()


class BoothOutSchema(ma.Schema):
    """A booth with its geometry (metres) and status."""

    code = ma.fields.String(metadata={"example": "A-012"})
    hall = ma.fields.String()
    zone = ma.fields.String()
    zone_id = ma.fields.Integer()
    x_m = ma.fields.Float()
    y_m = ma.fields.Float()
    width_m = ma.fields.Float()
    depth_m = ma.fields.Float()
    type = ma.fields.String(metadata={"enum": list(BOOTH_TYPES)})
    price_vnd = ma.fields.Integer()
    status = ma.fields.String(metadata={"enum": list(BOOTH_STATUSES)})
    blocked_reason = ma.fields.String(allow_none=True)


class FloorplanQuerySchema(ma.Schema):
    """Which hall and colouring."""

    hall = ma.fields.String(load_default=None, metadata={"description": "Hall id or name; all halls if absent"})
    colour = ma.fields.String(load_default="status", validate=ma.validate.OneOf(COLOUR_MODES))


class BoothQuerySchema(ma.Schema):
    """Which booths to list: by hall (id or name, case aside), zone and status; `sort` by code, price or hall."""

    hall = ma.fields.String(load_default="", validate=ma.validate.Length(max=80),
                            metadata={"description": "Hall id or name (case aside)", "example": "A"})
    zone_id = Id(load_default=None)
    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(BOOTH_STATUSES)))
    sort = ma.fields.String(load_default="code", validate=ma.validate.OneOf(
        ("code", "-code", "price", "-price", "hall", "-hall")), metadata={"description": "`-` for descending"})


class BlockInSchema(ma.Schema):
    """Why a booth is blocked (a pillar, a fire exit)."""

    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                              metadata={"example": "Cột chịu lực"})
