"""API schemas of exchange rates and contracts (amounts as decimal strings or numbers, never floats inside)."""

import marshmallow as ma

from contracts.vocabulary import CONTRACT_KINDS, CONTRACT_STATUSES, MEETING_STATUSES
from core.api import DECIMAL_STRING, BoundedDate, BoundedInteger, ExactDecimal, Id
from core.inputs import EXACT_DIGITS


class FxRateInSchema(ma.Schema):
    """VND per unit of a currency, from a date on."""

    currency = ma.fields.String(required=True)
    rate_to_vnd = ExactDecimal(required=True, digits=EXACT_DIGITS, places=6, positive=True, metadata={
        "example": "25400", "description": "a JSON number or a string with a dot before decimals and no grouping"})
    on = ma.fields.String(required=True, metadata={"description": "YYYY-MM-DD"})


class FxRateOutSchema(ma.Schema):
    """A recorded rate."""

    id = ma.fields.Integer()
    currency = ma.fields.String()
    rate_to_vnd = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    on = ma.fields.Date(attribute="valid_on")


class ContractInSchema(ma.Schema):
    """A contract to record; the buyer is an enterprise on file, or a name and country."""

    class Meta:
        unknown = ma.RAISE

    seller_enterprise_id = Id(required=True)
    buyer_enterprise_id = Id(load_default=None, allow_none=True)
    buyer_name = ma.fields.String(load_default=None)
    buyer_country = ma.fields.String(load_default=None)
    buyer_province = ma.fields.String(load_default=None)
    kind = ma.fields.String(required=True, metadata={"enum": list(CONTRACT_KINDS)})
    category = ma.fields.String(required=True, metadata={"description": "a sector code"})
    description = ma.fields.String(load_default=None)
    amount = ExactDecimal(required=True, digits=EXACT_DIGITS, places=2, positive=True, metadata={
        "example": "125000.50", "description": "positive; a JSON number or a string with a dot before decimals and "
                                              "no grouping, e.g. \"12500000\" or \"2500.50\""})
    currency = ma.fields.String(required=True, metadata={"description": "ISO 4217"})
    fx_rate_to_vnd = ExactDecimal(load_default=None, allow_none=True, digits=EXACT_DIGITS, places=6, positive=True,
                                  metadata={"x-note": "overrides the fair's rate"})
    signed_on = ma.fields.String(required=True, metadata={"description": "YYYY-MM-DD"})
    status = ma.fields.String(load_default="signed", metadata={"enum": list(CONTRACT_STATUSES)})
    confidential = ma.fields.Boolean(load_default=False)
    confirm_duplicate = ma.fields.Boolean(load_default=False,
                                          metadata={"description": "record it although a likely duplicate exists"})


class ContractPatchSchema(ma.Schema):
    """Fields to change; anything left out stays as it is."""

    class Meta:
        unknown = ma.RAISE

    buyer_enterprise_id = Id(allow_none=True)
    buyer_name = ma.fields.String(allow_none=True)
    buyer_country = ma.fields.String()
    buyer_province = ma.fields.String(allow_none=True)
    kind = ma.fields.String()
    category = ma.fields.String()
    description = ma.fields.String(allow_none=True)
    amount = ExactDecimal(digits=EXACT_DIGITS, places=2, positive=True)
    currency = ma.fields.String()
    fx_rate_to_vnd = ExactDecimal(digits=EXACT_DIGITS, places=6, positive=True)
    signed_on = ma.fields.String()
    status = ma.fields.String()
    confidential = ma.fields.Boolean()


class ContractOutSchema(ma.Schema):
    """A recorded contract with its values in VND and USD."""

    id = ma.fields.Integer()
    seller_enterprise_id = ma.fields.Integer()
    buyer_enterprise_id = Id(allow_none=True)
    buyer_name = ma.fields.String(allow_none=True)
    buyer_country = ma.fields.String()
    buyer_province = ma.fields.String(allow_none=True)
    kind = ma.fields.String()
    category = ma.fields.String()
    amount = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    currency = ma.fields.String()
    fx_rate_to_vnd = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    value_vnd = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    value_usd = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    signed_on = ma.fields.Date()
    status = ma.fields.String()
    confidential = ma.fields.Boolean()
    verified = ma.fields.Function(lambda contract: contract.verified_at is not None)


class LeadScanSchema(ma.Schema):
    """A badge code scanned at an exhibitor's booth."""

    class Meta:
        unknown = ma.RAISE

    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class LeadPatchSchema(ma.Schema):
    """A lead's rating (1–5 or null) and notes."""

    class Meta:
        unknown = ma.RAISE

    rating = BoundedInteger(allow_none=True, minimum=1, maximum=5)
    notes = ma.fields.String(allow_none=True)


class _LeadVisitorSchema(ma.Schema):
    id = ma.fields.Integer()
    full_name = ma.fields.String()
    organisation = ma.fields.String(allow_none=True)
    job_title = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    country = ma.fields.String()
    province = ma.fields.String(allow_none=True)
    visitor_type = ma.fields.String()


class LeadOutSchema(ma.Schema):
    """A lead with the visitor's contact details (shown to the scanning exhibitor only)."""

    id = ma.fields.Integer()
    visitor = ma.fields.Nested(_LeadVisitorSchema)
    rating = ma.fields.Integer(allow_none=True)
    notes = ma.fields.String(allow_none=True)
    scans = ma.fields.Integer()
    first_scanned_at = ma.fields.DateTime()
    last_scanned_at = ma.fields.DateTime()


class ContractQuerySchema(ma.Schema):
    """Which contracts to list, and in which order."""

    seller_id = Id(load_default=None, metadata={"description": "The selling enterprise"})
    buyer_country = ma.fields.String(load_default="", validate=ma.validate.Regexp(r"^([A-Za-z]{2})?$"),
                                     metadata={"description": "ISO 3166 alpha-2", "example": "JP"})
    kind = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(CONTRACT_KINDS)))
    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(CONTRACT_STATUSES)))
    verified = ma.fields.Boolean(load_default=None, allow_none=True)
    signed_from = BoundedDate(load_default=None, metadata={"description": "Signed on or after (YYYY-MM-DD)"})
    signed_to = BoundedDate(load_default=None, metadata={"description": "Signed on or before (YYYY-MM-DD)"})
    sort = ma.fields.String(load_default="signed", validate=ma.validate.OneOf(
        ("signed", "-signed", "value", "-value", "id", "-id")), metadata={"description": "`-` for descending"})


class LeadQuerySchema(ma.Schema):
    """Which of the caller's leads to list."""

    min_rating = BoundedInteger(load_default=None, minimum=1, maximum=5, metadata={"description": "Rated at least"})
    unrated = ma.fields.Boolean(load_default=False, metadata={"description": "Only the leads not rated yet"})


class MeetingQuerySchema(ma.Schema):
    """Which of the caller's meetings to list."""

    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(MEETING_STATUSES)))


class MeetingOutSchema(ma.Schema):
    """A business-matching meeting of the caller's enterprise (the buyer by name and organisation only)."""

    id = ma.fields.Integer()
    day = ma.fields.Date()
    start_minute = ma.fields.Integer(metadata={"description": "Minutes after local midnight (540 = 09:00)"})
    minutes = ma.fields.Integer()
    place = ma.fields.String()
    table_no = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(metadata={"enum": list(MEETING_STATUSES)})
    buyer_name = ma.fields.Function(lambda meeting: meeting.buyer.full_name)
    buyer_organisation = ma.fields.Function(lambda meeting: meeting.buyer.organisation, allow_none=True)
    message = ma.fields.String(allow_none=True)
    outcome = ma.fields.String(allow_none=True)
