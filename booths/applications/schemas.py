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
    grant_support = ma.fields.Boolean(load_default=True, metadata={"description": (
        "When approving an application that asked for khuyến công support: also make its booth-fee grant "
        "(programme and amount by the programme's rule, approved within the budget, else planned). Defaults to "
        "true, as before this field existed; send false to approve without the grant. The grant made, if any, "
        "is returned in `booth_fee_grant`.")})


class ApplicationQuerySchema(ma.Schema):
    """Filters of the application list, and its order."""

    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + APPLICATION_STATUSES))
    province = ma.fields.String(load_default="", validate=ma.validate.Length(max=60), metadata={
        "description": "Today's or a former province name (accents optional)", "example": "Hà Nội"})
    country = ma.fields.String(load_default="", validate=ma.validate.Regexp(r"^([A-Za-z]{2})?$"),
                               metadata={"description": "ISO 3166 alpha-2", "example": "VN"})
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={
        "description": "Search: enterprise name (accents aside), tax code, e-mail or booth code"})
    sort = ma.fields.String(load_default="submitted", validate=ma.validate.OneOf(
        [prefix + key for key in ("submitted", "name", "origin", "booths", "status") for prefix in ("", "-")]),
        metadata={"description": "`-` for descending"})


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


class BoothFeeGrantSchema(ma.Schema):
    """The booth-fee grant an application's support led to."""

    id = ma.fields.Integer()
    programme_id = ma.fields.Integer()
    programme_name = ma.fields.Function(lambda grant: grant.programme.name)
    amount_vnd = ma.fields.Integer()
    booths = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()


class DecisionOutSchema(ApplicationOutSchema):
    """An application after a decision, with the booth-fee grant it holds (null when none)."""

    booth_fee_grant = ma.fields.Nested(BoothFeeGrantSchema, allow_none=True)


class DecidedApplication:
    """An application with the booth-fee grant it holds after a decision, as `DecisionOutSchema` reads it."""

    def __init__(self, application, grant):
        self._application, self.booth_fee_grant = application, grant

    def __getattr__(self, name):
        return getattr(self._application, name)
