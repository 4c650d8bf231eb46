"""JSON shapes of the reports API."""

import marshmallow as ma

from core.api import DECIMAL_STRING


class _Booths(ma.Schema):
    total = ma.fields.Integer()
    assigned = ma.fields.Integer()
    by_zone_kind = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


class _Visitors(ma.Schema):
    registered = ma.fields.Integer()
    checked_in = ma.fields.Integer()
    entries = ma.fields.Integer()


class _Contracts(ma.Schema):
    count = ma.fields.Integer()
    value_vnd = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    value_usd = ma.fields.Decimal(as_string=True, metadata=DECIMAL_STRING)
    verified = ma.fields.Integer()


class _Meetings(ma.Schema):
    count = ma.fields.Integer()
    held = ma.fields.Integer()


class FairSummarySchema(ma.Schema):
    """A fair's headline figures; contract values are decimal strings (exact)."""

    booths = ma.fields.Nested(_Booths)
    exhibitors = ma.fields.Integer()
    provinces = ma.fields.Integer()
    countries = ma.fields.Integer()
    visitors = ma.fields.Nested(_Visitors)
    contracts = ma.fields.Nested(_Contracts)
    meetings = ma.fields.Nested(_Meetings)
    leads = ma.fields.Integer()


class SupportedEnterpriseSchema(ma.Schema):
    """One supported enterprise: where it counts, its support and what followed at fairs in the period."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    tax_code = ma.fields.String(allow_none=True)
    province = ma.fields.String(metadata={"description": "today's unit (a country's name for a foreign enterprise)"})
    province_recorded = ma.fields.String(allow_none=True, metadata={"description": "the province as recorded"})
    kind = ma.fields.String()
    sector = ma.fields.String(allow_none=True)
    rural = ma.fields.Boolean()
    booths = ma.fields.Integer()
    grants = ma.fields.Integer()
    support_vnd = ma.fields.Integer()
    contents = ma.fields.List(ma.fields.String())
    contracts = ma.fields.Integer()
    contract_value_vnd = ma.fields.Integer()
    meetings = ma.fields.Integer()
    leads = ma.fields.Integer()


class SupportedTotalsSchema(ma.Schema):
    """The report's totals, every enterprise counted once."""

    enterprises = ma.fields.Integer()
    grants = ma.fields.Integer()
    support_vnd = ma.fields.Integer()
    booths = ma.fields.Integer()
    contracts = ma.fields.Integer()
    contract_value_vnd = ma.fields.Integer()
    meetings = ma.fields.Integer()
    leads = ma.fields.Integer()


class SupportedReportSchema(ma.Schema):
    """The report: totals and breakdowns of every supported enterprise, and one page of the enterprises."""

    filters = ma.fields.Dict()
    period = ma.fields.Dict(allow_none=True, metadata={"description": "start and end (ISO dates) of the period"})
    totals = ma.fields.Nested(SupportedTotalsSchema)
    by_province = ma.fields.List(ma.fields.Dict())
    by_content = ma.fields.List(ma.fields.Dict())
    programmes = ma.fields.List(ma.fields.Dict())
    by_kind = ma.fields.List(ma.fields.Dict(), metadata={"description": "beneficiaries by legal type"})
    funds = ma.fields.List(ma.fields.Dict(), metadata={"description": "national, provincial and total funds"})
    reconciliation = ma.fields.Dict(metadata={"description": "how the programme rows add up to the totals"})
    trade = ma.fields.Dict(metadata={"description": "contracts, orders, memoranda; verified or not; exports in USD"})
    outcomes = ma.fields.Dict(metadata={"description": "projects' outcomes: trainees, jobs, designs…"})
    issuer = ma.fields.Dict(metadata={"description": "the issuing agency's heading, number, date line, signer"})
    trend = ma.fields.Dict()
    enterprises = ma.fields.List(ma.fields.Nested(SupportedEnterpriseSchema), metadata={
        "description": "one page of the enterprises (`page`, `page_size`, `sort`); X-Pagination has their total"})
