"""Marshmallow schemas of the enterprise API."""

import marshmallow as ma

from core.api import BoundedInteger
from core.reference.sectors import SECTOR_CODES
from enterprises.vocabulary import ENTERPRISE_KINDS


class EnterpriseInSchema(ma.Schema):
    """An enterprise to register; `name` is the legal (Vietnamese) name."""

    name = ma.fields.String(required=True, data_key="name", attribute="legal_name")
    name_en = ma.fields.String(load_default=None, allow_none=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(ENTERPRISE_KINDS)})
    tax_code = ma.fields.String(load_default=None, allow_none=True,
                                metadata={"description": "10 digits, or 13 for a branch (0100109106-001)"})
    foreign_registration = ma.fields.String(load_default=None, allow_none=True)
    country = ma.fields.String(required=True, metadata={"description": "ISO 3166 alpha-2"})
    province = ma.fields.String(load_default=None, allow_none=True,
                                metadata={"description": "Required for Vietnam; former names accepted"})
    address = ma.fields.String(load_default=None, allow_none=True)
    sector = ma.fields.String(required=True, metadata={"enum": list(SECTOR_CODES)})
    products = ma.fields.String(load_default=None, allow_none=True)
    website = ma.fields.String(load_default=None, allow_none=True)
    contact_person = ma.fields.String(load_default=None, allow_none=True)
    phone = ma.fields.String(load_default=None, allow_none=True)
    email = ma.fields.String(load_default=None, allow_none=True)
    employees = BoundedInteger(load_default=None, allow_none=True, maximum=10_000_000)
    is_rural_industry = ma.fields.Boolean(load_default=False)


class EnterpriseOutSchema(ma.Schema):
    """An enterprise as stored (province as today's unit)."""

    id = ma.fields.Integer()
    name = ma.fields.String(attribute="legal_name")
    name_en = ma.fields.String(allow_none=True)
    kind = ma.fields.String()
    tax_code = ma.fields.String(allow_none=True)
    foreign_registration = ma.fields.String(allow_none=True)
    country = ma.fields.String()
    province = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    sector = ma.fields.String()
    products = ma.fields.String(allow_none=True)
    website = ma.fields.String(allow_none=True)
    contact_person = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    employees = ma.fields.Integer(allow_none=True)
    is_rural_industry = ma.fields.Boolean()
    created_at = ma.fields.DateTime()
