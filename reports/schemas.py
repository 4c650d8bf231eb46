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
