"""API schemas of visitors and check-ins."""

from datetime import UTC, datetime

import marshmallow as ma

from core.api import Id
from visitors.vocabulary import OFFLINE_RESULTS, PUBLIC_TYPES, SCAN_RESULTS, VISITOR_TYPES


class VisitorInSchema(ma.Schema):
    """Register a visitor (an organizer or staff registers on the visitor's behalf)."""

    full_name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    organisation = ma.fields.String(load_default=None)
    job_title = ma.fields.String(load_default=None)
    phone = ma.fields.String(load_default=None)
    country = ma.fields.String(required=True, metadata={"description": "ISO 3166 alpha-2, e.g. VN, JP"})
    province = ma.fields.String(load_default=None, metadata={"description": "For VN: any current or former name"})
    visitor_type = ma.fields.String(required=True, metadata={"enum": list(PUBLIC_TYPES)})
    sectors = ma.fields.List(ma.fields.String(), load_default=list)


class VisitorOutSchema(ma.Schema):
    """A registered visitor and the badge in force."""

    id = ma.fields.Integer()
    badge_serial = ma.fields.Integer()
    qr = ma.fields.String(metadata={"description": "The signed code printed in the badge's QR"})
    badge_url = ma.fields.String(metadata={"description": "The visitor's badge page (an unguessable link)"})
    created = ma.fields.Boolean(metadata={"description": "False when the e-mail was already registered"})


class BadgeQuerySchema(ma.Schema):
    """Which badge format."""

    size = ma.fields.String(load_default="a6", validate=ma.validate.OneOf(["a6", "cr80"]))


class BadgePrintSchema(ma.Schema):
    """A bulk badge print job: the format, and which visitors (all the fair's if left out)."""

    size = ma.fields.String(required=True, validate=ma.validate.OneOf(["a6", "cr80", "a4"]),
                            metadata={"description": "a4: sheets of 8 for an office printer"})
    visitor_ids = ma.fields.List(Id(), load_default=None)


class JobStartedSchema(ma.Schema):
    """A job accepted for running: follow it at /api/v1/jobs/{job_id}."""

    job_id = ma.fields.Integer()


class CheckInSchema(ma.Schema):
    """One scan at a gate."""

    code = ma.fields.String(required=True, validate=ma.validate.Length(max=2000))
    gate = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    nonce = ma.fields.String(required=True, validate=ma.validate.Length(min=8, max=64),
                             metadata={"description": "Client-made; the same nonce again replays the first answer"})
    scanned_at = ma.fields.AwareDateTime(load_default=None, metadata={"description": "When the scanner read it"})
    offline_result = ma.fields.String(load_default=None, validate=ma.validate.OneOf(OFFLINE_RESULTS), metadata={
        "description": "For a scan queued offline and sent later: the verdict the scanner gave then"})


class CheckInResultSchema(ma.Schema):
    """The gate's verdict (a refused code is still a 200 with its verdict)."""

    result = ma.fields.String(metadata={"enum": list(SCAN_RESULTS)})
    visitor = ma.fields.Dict(allow_none=True)
    first_checkin_at = ma.fields.String(allow_none=True)
    first_gate = ma.fields.String(allow_none=True)
    not_open = ma.fields.String(allow_none=True, metadata={
        "enum": ["before", "after"], "description": "With `not_open`: the gates are shut before the fair opens "
                                                    "(set-up days admit exhibitor staff only) or after it ended"})
    replayed = ma.fields.Boolean()


class AttendanceSchema(ma.Schema):
    """Attendance of a fair (entries count re-entries; unique visitors count each person once)."""

    registered = ma.fields.Integer()
    unique_visitors = ma.fields.Integer()
    entries = ma.fields.Integer()
    refused_scans = ma.fields.Integer()
    offline_double_entries = ma.fields.Integer(metadata={
        "description": "Badges admitted by a scanner offline that had already been admitted that day (per gate "
                       "in `by_gate`)"})
    by_day = ma.fields.List(ma.fields.Dict())
    by_hour = ma.fields.List(ma.fields.Dict())
    by_gate = ma.fields.List(ma.fields.Dict())
    by_type = ma.fields.List(ma.fields.Dict())
    by_country = ma.fields.List(ma.fields.Dict())
    by_province = ma.fields.List(ma.fields.Dict())


class BadgeListQuerySchema(ma.Schema):
    """Which part of the badge list."""

    since = ma.fields.AwareDateTime(load_default=None, validate=ma.validate.Range(
        min=datetime(2000, 1, 1, tzinfo=UTC), max=datetime(2100, 1, 1, tzinfo=UTC)), metadata={
        "description": "The `cursor` of an earlier answer: only the badges changed since (a little before) it"})


class BadgeListSchema(ma.Schema):
    """A fair's badges for offline scanning; each row is [serial, name, organisation index (-1: none),
    type index, revoked 0/1]."""

    format = ma.fields.Integer()
    fair_id = ma.fields.Integer()
    fair_code = ma.fields.String()
    public_key = ma.fields.String(metadata={"description": "Ed25519, base64"})
    gate_days = ma.fields.Dict(metadata={"description": "opens_on, starts_on, ends_on (ISO dates)"})
    cursor = ma.fields.String(metadata={"description": "Give it as `since` for the next refresh"})
    full = ma.fields.Boolean(metadata={"description": "True: every badge; false: the changes only"})
    total = ma.fields.Integer(metadata={"description": "How many badges the fair has (a copy with fewer missed some)"})
    types = ma.fields.List(ma.fields.String())
    organisations = ma.fields.List(ma.fields.String())
    badges = ma.fields.List(ma.fields.List(ma.fields.Raw()))
class VisitorQuerySchema(ma.Schema):
    """Which visitors to list."""

    visitor_type = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(VISITOR_TYPES)))
    country = ma.fields.String(load_default="", validate=ma.validate.Regexp(r"^([A-Za-z]{2})?$"),
                               metadata={"description": "ISO 3166 alpha-2", "example": "JP"})
    admitted = ma.fields.Boolean(load_default=None, allow_none=True,
                                 metadata={"description": "Admitted at least once (true) or never (false)"})
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=200),
                         metadata={"description": "Name, organisation or e-mail contains"})


class VisitorListSchema(ma.Schema):
    """A visitor as the list shows one."""

    id = ma.fields.Integer()
    full_name = ma.fields.String()
    organisation = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    country = ma.fields.String()
    province = ma.fields.String(allow_none=True)
    visitor_type = ma.fields.String(metadata={"enum": list(VISITOR_TYPES)})
    created_at = ma.fields.DateTime()
    admitted = ma.fields.Boolean(allow_none=True, metadata={"description": "Admitted at least once (visitor lists)"})


# The times a scan list can be asked about: a fair's window (a year 1 time would overflow converting to UTC).
SCAN_WINDOW = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC))


class ScanQuerySchema(ma.Schema):
    """Which scans to list."""

    gate = ma.fields.String(load_default="", validate=ma.validate.Length(max=40))
    result = ma.fields.String(load_default="", validate=ma.validate.OneOf(("",) + tuple(SCAN_RESULTS)))
    since = ma.fields.AwareDateTime(load_default=None, validate=ma.validate.Range(*SCAN_WINDOW),
                                    metadata={"description": "Scanned at or after (with its UTC offset)"})
    until = ma.fields.AwareDateTime(load_default=None, validate=ma.validate.Range(*SCAN_WINDOW),
                                    metadata={"description": "Scanned before (with its UTC offset)"})


class ScanOutSchema(ma.Schema):
    """One scan at a gate and its verdict."""

    id = ma.fields.Integer()
    gate = ma.fields.String()
    result = ma.fields.String(metadata={"enum": list(SCAN_RESULTS)})
    visitor_id = ma.fields.Integer(allow_none=True)
    scanned_at = ma.fields.DateTime()
    received_at = ma.fields.DateTime()
