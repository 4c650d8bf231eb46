"""API schemas of support programmes and grants (amounts in whole đồng, as integers or digit strings)."""

import marshmallow as ma

from core.api import BoundedInteger, ExactDecimal, Id
from core.inputs import EXACT_DIGITS
from support.vocabulary import GRANT_CONTENTS, GRANT_STATUSES, PROGRAMME_LEVELS, PROJECT_STATUSES


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
    managing_agency_id = Id(load_default=None, allow_none=True,
                            metadata={"description": "the issuing agency (POST /agencies) that manages it"})
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
    managing_agency_id = ma.fields.Function(lambda programme: programme.managing_agency.id
                                            if programme.managing_agency else None, allow_none=True)
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
    confirm_other_province = ma.fields.Boolean(load_default=False, metadata={
        "description": "a provincial programme funding another province's enterprise: confirmed (audited)"})
    project_id = Id(load_default=None, allow_none=True,
                    metadata={"description": "the project (đề án); else the programme's project for the content"})


class GrantOutSchema(ma.Schema):
    """A recorded grant."""

    id = ma.fields.Integer()
    programme_id = ma.fields.Integer()
    enterprise_id = ma.fields.Integer()
    fair_id = ma.fields.Integer(allow_none=True)
    project_id = ma.fields.Integer(allow_none=True)
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


class AgencyInSchema(ma.Schema):
    """An issuing agency to record: its heading, document-number abbreviation, seat, signer and recipients."""

    class Meta:
        unknown = ma.RAISE

    governing_body = ma.fields.String(required=True, metadata={"example": "SỞ CÔNG THƯƠNG THÀNH PHỐ HÀ NỘI"})
    name = ma.fields.String(required=True,
                            metadata={"example": "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP"})
    abbreviation = ma.fields.String(required=True, metadata={"description": "as in Số: 12/BC-TTKC", "example": "TTKC"})
    seat = ma.fields.String(required=True, metadata={"description": "the place before the date", "example": "Hà Nội"})
    signer_authority = ma.fields.String(load_default=None, allow_none=True,
                                        metadata={"description": "e.g. KT. GIÁM ĐỐC; empty when the head signs"})
    signer_title = ma.fields.String(required=True, metadata={"example": "PHÓ GIÁM ĐỐC"})
    signer_name = ma.fields.String(required=True)
    recipients = ma.fields.List(ma.fields.String(), load_default=list,
                                metadata={"description": "lines of Nơi nhận, e.g. Sở Công Thương (để b/c)"})


class AgencyPatchSchema(AgencyInSchema):
    """Fields of an agency to change; those left out stay."""

    class Meta:
        unknown = ma.RAISE

    governing_body = ma.fields.String()
    name = ma.fields.String()
    abbreviation = ma.fields.String()
    seat = ma.fields.String()
    signer_authority = ma.fields.String(allow_none=True)
    signer_title = ma.fields.String()
    signer_name = ma.fields.String()
    recipients = ma.fields.List(ma.fields.String())


class AgencyOutSchema(ma.Schema):
    """A recorded agency."""

    id = ma.fields.Integer()
    governing_body = ma.fields.String()
    name = ma.fields.String()
    abbreviation = ma.fields.String()
    seat = ma.fields.String()
    signer_authority = ma.fields.String(allow_none=True)
    signer_title = ma.fields.String()
    signer_name = ma.fields.String()
    recipients = ma.fields.List(ma.fields.String())


class ProjectInSchema(ma.Schema):
    """A project (đề án) of a programme to record."""

    class Meta:
        unknown = ma.RAISE

    code = ma.fields.String(required=True, metadata={"example": "ĐA-01"})
    name = ma.fields.String(required=True)
    content = ma.fields.String(required=True, metadata={"enum": list(GRANT_CONTENTS)})
    decision_ref = ma.fields.String(load_default=None, allow_none=True, metadata={"example": "215/QĐ-TTKC"})
    decision_date = ma.fields.String(load_default=None, allow_none=True, metadata={"description": "YYYY-MM-DD"})
    implementing_unit = ma.fields.String(load_default=None, allow_none=True)
    state_budget_vnd = ExactDecimal(load_default=0, digits=EXACT_DIGITS, places=0,
                                    metadata={"description": "whole đồng from the state budget"})
    counterpart_vnd = ExactDecimal(load_default=0, digits=EXACT_DIGITS, places=0,
                                   metadata={"description": "whole đồng the beneficiaries put in"})
    status = ma.fields.String(load_default="approved", metadata={"enum": list(PROJECT_STATUSES)})


class ProjectOutSchema(ma.Schema):
    """A recorded project."""

    id = ma.fields.Integer()
    programme_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    content = ma.fields.String()
    decision_ref = ma.fields.String(allow_none=True)
    decision_date = ma.fields.Date(allow_none=True)
    implementing_unit = ma.fields.String(allow_none=True)
    state_budget_vnd = ma.fields.Integer()
    counterpart_vnd = ma.fields.Integer()
    status = ma.fields.String()


class OutcomeInSchema(ma.Schema):
    """What a project achieved for one beneficiary (the enterprise by id or by tax code)."""

    class Meta:
        unknown = ma.RAISE

    enterprise_id = Id(load_default=None, allow_none=True)
    tax_code = ma.fields.String(load_default=None, allow_none=True)
    recorded_on = ma.fields.String(required=True, metadata={"description": "YYYY-MM-DD"})
    trainees = BoundedInteger(load_default=0, minimum=0, maximum=1_000_000)
    employed_after = BoundedInteger(load_default=0, minimum=0, maximum=1_000_000)
    jobs_created = BoundedInteger(load_default=0, minimum=0, maximum=1_000_000)
    new_designs = BoundedInteger(load_default=0, minimum=0, maximum=1_000_000)
    typical_products = BoundedInteger(load_default=0, minimum=0, maximum=1_000_000)
    typical_product_level = ma.fields.String(load_default=None, allow_none=True,
                                             metadata={"description": "e.g. cấp tỉnh, cấp khu vực, cấp quốc gia"})
    machines = BoundedInteger(load_default=0, minimum=0, maximum=1_000_000)


class OutcomeOutSchema(ma.Schema):
    """A recorded outcome."""

    id = ma.fields.Integer()
    project_id = ma.fields.Integer()
    enterprise_id = ma.fields.Integer()
    recorded_on = ma.fields.Date()
    trainees = ma.fields.Integer()
    employed_after = ma.fields.Integer()
    jobs_created = ma.fields.Integer()
    new_designs = ma.fields.Integer()
    typical_products = ma.fields.Integer()
    typical_product_level = ma.fields.String(allow_none=True)
    machines = ma.fields.Integer()
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
