"""Marshmallow schemas of the fair API (they also generate the OpenAPI document)."""

import marshmallow as ma

from core.api import BoundedDate, BoundedInteger
from fairs.lifecycle import STATUSES


class FairInSchema(ma.Schema):
    """A fair as sent to create one."""

    code = ma.fields.String(required=True, metadata={"example": "HN-GIFT-2026"})
    name_vi = ma.fields.String(required=True)
    name_en = ma.fields.String(required=True)
    venue = ma.fields.String(required=True)
    province = ma.fields.String(
        required=True,
        metadata={"description": "Any current or former province name; stored as today's unit."},
    )
    starts_on = BoundedDate(required=True)
    ends_on = BoundedDate(required=True)
    application_deadline = BoundedDate(allow_none=True, load_default=None)


class FairPatchSchema(ma.Schema):
    """Fields to change on a fair; `status` moves it along the lifecycle."""

    code = ma.fields.String()
    name_vi = ma.fields.String()
    name_en = ma.fields.String()
    venue = ma.fields.String()
    province = ma.fields.String()
    starts_on = BoundedDate()
    ends_on = BoundedDate()
    application_deadline = BoundedDate(allow_none=True)
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))


class FairOutSchema(ma.Schema):
    """A fair as the API returns it."""

    id = ma.fields.Integer()
    code = ma.fields.String()
    name_vi = ma.fields.String()
    name_en = ma.fields.String()
    venue = ma.fields.String()
    province = ma.fields.String()
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    application_deadline = ma.fields.Date(allow_none=True)
    status = ma.fields.String()
    created_at = ma.fields.DateTime()
    updated_at = ma.fields.DateTime()


class FairQuerySchema(ma.Schema):
    """Which fairs to list."""

    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(STATUSES)))
    year = BoundedInteger(load_default=None, minimum=2000, maximum=2100, metadata={"description": "Starting in"})
