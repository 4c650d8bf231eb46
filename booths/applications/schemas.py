"""Marshmallow schemas of the booth application API."""

import marshmallow as ma

from booths.applications.workflow import APPLICATION_STATUSES, DECISIONS
from booths.layout.vocabulary import BOOTH_TYPES
from core.api import BoundedInteger, Id
from core.inputs import INT32_MAX


class ZonePreference(ma.fields.Field):
    """A zone id (integer) or a zone kind (string)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ma.ValidationError("Give a zone id or a zone kind.")
        if isinstance(value, int) and not 1 <= value <= INT32_MAX:
            raise ma.ValidationError("Give a zone id or a zone kind.")
        return value


class ApplicationInSchema(ma.Schema):
    """An application for booths."""

    enterprise_id = Id(required=True)
    booths_requested = BoundedInteger(required=True, minimum=1, maximum=1000)
    booth_type = ma.fields.String(load_default=None, allow_none=True, metadata={"enum": list(BOOTH_TYPES)})
    zone_preferences = ma.fields.List(ZonePreference(), load_default=list)
    preferred_booths = ma.fields.List(ma.fields.String(), load_default=list)
    neighbour_enterprise_ids = ma.fields.List(Id(), load_default=list, validate=ma.validate.Length(max=100))
    avoid_enterprise_ids = ma.fields.List(Id(), load_default=list, validate=ma.validate.Length(max=100))
    products = ma.fields.String(load_default=None, allow_none=True)
    staff_count = BoundedInteger(load_default=0, maximum=10000)
    support_requested = ma.fields.Boolean(load_default=False)
    support_programme = ma.fields.String(load_default=None, allow_none=True)


class DecisionInSchema(ma.Schema):
    """The organizer's decision."""

    status = ma.fields.String(required=True, validate=ma.validate.OneOf(DECISIONS))
    reason = ma.fields.String(load_default="")


class ApplicationQuerySchema(ma.Schema):
    """Filters of the application list."""

    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + APPLICATION_STATUSES))


class ApplicationOutSchema(ma.Schema):
    """An application as stored."""

    id = ma.fields.Integer()
    fair_id = ma.fields.Integer()
    enterprise_id = ma.fields.Integer()
    enterprise_name = ma.fields.Function(lambda application: application.enterprise.legal_name)
    booths_requested = ma.fields.Integer()
    booth_type = ma.fields.String(allow_none=True)
    zone_preferences = ma.fields.List(ma.fields.Raw())
    preferred_booths = ma.fields.List(ma.fields.String())
    neighbour_enterprise_ids = ma.fields.List(ma.fields.Integer())
    avoid_enterprise_ids = ma.fields.List(ma.fields.Integer())
    products = ma.fields.String(allow_none=True)
    staff_count = ma.fields.Integer()
    support_requested = ma.fields.Boolean()
    support_programme = ma.fields.String(allow_none=True)
    status = ma.fields.String()
    decision_reason = ma.fields.String(allow_none=True)
    payment_status = ma.fields.String()
    submitted_at = ma.fields.DateTime(allow_none=True)
    decided_at = ma.fields.DateTime(allow_none=True)
