"""API schemas of support programmes and grants (amounts in whole đồng, as integers or digit strings)."""

import marshmallow as ma

from core.api import BoundedInteger, ExactDecimal, Id
from core.inputs import EXACT_DIGITS
from support.vocabulary import GRANT_CONTENTS, GRANT_STATUSES, PROGRAMME_LEVELS


class ProgrammeInSchema(ma.Schema):
    """A programme to record."""

    class Meta:
        unknown = ma.RAISE

    name = ma.fields.String(required=True)
    level = ma.fields.String(required=True, validate=ma.validate.OneOf(PROGRAMME_LEVELS))
    year = BoundedInteger(required=True, minimum=2000, maximum=2100)
    decision_ref = ma.fields.String(required=True, metadata={"description": "e.g. 1034/QĐ-UBND"})
    decision_date = ma.fields.String(required=True, metadata={"description": "YYYY-MM-DD"})
    budget_vnd = ExactDecimal(required=True, digits=EXACT_DIGITS, places=0, positive=True,
                              metadata={"description": "whole đồng, integer or digit string"})
    agency = ma.fields.String(load_default=None)
    province = ma.fields.String(load_default=None, metadata={"description": "a provincial fund's province"})
    allowed_contents = ma.fields.List(ma.fields.String(), load_default=None,
                                      metadata={"description": f"any of {', '.join(GRANT_CONTENTS)}; all if left out"})
    booth_fee_percent = BoundedInteger(load_default=None, allow_none=True, minimum=1, maximum=100,
                                          metadata={"description": "booth-fee rule: share of the fee paid"})
    booth_fee_max_booths = BoundedInteger(load_default=None, allow_none=True, minimum=1, maximum=1000,
                                          metadata={"description": "booth-fee rule: at most"})
    booth_fee_rural_only = ma.fields.Boolean(load_default=True)


class ProgrammeOutSchema(ma.Schema):
    """A recorded programme."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    level = ma.fields.String()
    agency = ma.fields.String(allow_none=True)
    province = ma.fields.String(allow_none=True)
    year = ma.fields.Integer()
    decision_ref = ma.fields.String()
    decision_date = ma.fields.Date()
    budget_vnd = ma.fields.Integer()
    allowed_contents = ma.fields.List(ma.fields.String())
    booth_fee_percent = ma.fields.Integer(allow_none=True)
    booth_fee_max_booths = ma.fields.Integer(allow_none=True)


class GrantInSchema(ma.Schema):
    """A grant to record; `override_budget` confirms committing past the budget (audited)."""

    class Meta:
        unknown = ma.RAISE

    programme_id = Id(required=True)
    enterprise_id = Id(required=True)
    fair_id = Id(load_default=None, allow_none=True)
    content = ma.fields.String(required=True, metadata={"enum": list(GRANT_CONTENTS)})
    amount_vnd = ExactDecimal(required=True, digits=EXACT_DIGITS, places=0, positive=True,
                              metadata={"description": "whole đồng, integer or digit string"})
    status = ma.fields.String(required=True, metadata={"enum": [s for s in GRANT_STATUSES if s != "cancelled"]})
    booths = BoundedInteger(load_default=None, allow_none=True, maximum=1000)
    override_budget = ma.fields.Boolean(load_default=False)


class GrantOutSchema(ma.Schema):
    """A recorded grant."""

    id = ma.fields.Integer()
    programme_id = ma.fields.Integer()
    enterprise_id = ma.fields.Integer()
    fair_id = ma.fields.Integer(allow_none=True)
    content = ma.fields.String()
    amount_vnd = ma.fields.Integer()
    status = ma.fields.String()
    booths = ma.fields.Integer(allow_none=True)
    source = ma.fields.String()
    over_budget = ma.fields.Boolean()


class GrantImportQuerySchema(ma.Schema):
    """Query of a grants import."""

    override_budget = ma.fields.Boolean(load_default=False)


class GrantImportResultSchema(ma.Schema):
    """How many grants an import recorded."""

    created = ma.fields.Integer()


class GrantQuerySchema(ma.Schema):
    """Which grants to list."""

    programme_id = Id(load_default=None)
    status = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(GRANT_STATUSES)))
    content = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(GRANT_CONTENTS)))
    fair_id = Id(load_default=None)
    province = ma.fields.String(load_default="", validate=ma.validate.Length(max=60), metadata={
        "description": "The enterprise's province: today's or a former name (accents optional)", "example": "Huế"})


class ProgrammeQuerySchema(ma.Schema):
    """Which programmes to list."""

    year = BoundedInteger(load_default=None, minimum=2000, maximum=2100)
    level = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(PROGRAMME_LEVELS)))


class GrantStatusInSchema(ma.Schema):
    """A grant's next status; past the budget needs `override_budget` (audited)."""

    status = ma.fields.String(required=True, validate=ma.validate.OneOf(GRANT_STATUSES))
    override_budget = ma.fields.Boolean(load_default=False)
