"""Delegations: an organizer registers many enterprises and their applications from one table.

All or nothing: every problem is reported with its row (1 = first data row) and column, and a
file with any problem creates nothing. An enterprise already on file (same tax code) is reused.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication
from booths.applications.services import applications_open, check_application_values
from core.audit import record_audit
from core.db import insert_rows, utcnow
from core.errors import Conflict, PermissionDenied, ValidationFailed
from core.import_help import ImportColumn, country_column, province_column, sector_column
from core.jobs import Job
from core.jobs.imports import Progress, start_import
from core.reference.labels import code_for, label_index
from core.reference.sectors import SECTORS
from enterprises.forms import KIND_LABELS
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise
from enterprises.services import check_enterprise_values
from fairs.models import Fair

REQUIRED_COLUMNS = ("name", "kind", "country", "sector", "booths_requested")
YES = {"1", "true", "yes", "y", "x", "có", "co"}
PROGRESS_EVERY = 500  # rows checked between two reports of an import job's progress
JOB_KIND = "delegations.import"
IN_CHUNK = 5000  # tax codes asked in one query


def import_columns() -> list[ImportColumn]:
    """The main columns of a delegation file, for the import page and its template."""
    return [
        ImportColumn("name", _("Legal name of the enterprise"), True, "Công ty TNHH Gốm Minh Long"),
        ImportColumn("kind", _("Type of enterprise"), True, str(KIND_LABELS["enterprise"]), KIND_LABELS),
        country_column(),
        province_column(),
        sector_column(),
        ImportColumn("booths_requested", _("Booths requested"), True, "2"),
        ImportColumn("tax_code", _("Tax code"), False, "0100109106"),
    ]


def _flag(text: str | None) -> bool:
    return (text or "").strip().lower() in YES


def import_delegation(session, fair: Fair, rows: list[dict[str, str]], *, actor: User, now: datetime,
                      progress: Progress | None = None) -> int:
    """Register the table's enterprises (or reuse them by tax code) and submit their applications.
    `progress(fraction)` hears how far the checks have got (never once writing began)."""
    if actor.role not in ("admin", "organizer"):
        raise PermissionDenied(_("Only organizers register delegations."))
    if not applications_open(fair, now.date()):
        raise Conflict(_("This fair is not accepting applications."))
    if not rows:
        raise ValidationFailed([{"row": None, "field": None, "message": _("The file has no rows.")}])
    missing = [column for column in REQUIRED_COLUMNS if column not in rows[0]]
    if missing:
        raise ValidationFailed([{"row": None, "field": column, "message": _("Missing column.")} for column in missing])
    # The enterprises the file names by tax code, found in a query per IN_CHUNK codes rather than one a row.
    codes = sorted({code for code in (normalise_tax_code(row.get("tax_code")) for row in rows) if code})
    on_file = {enterprise.tax_code: enterprise for start in range(0, len(codes), IN_CHUNK)
               for enterprise in session.scalars(sa.select(Enterprise).where(
                   Enterprise.tax_code.in_(codes[start:start + IN_CHUNK])))}
    applied = set(session.scalars(sa.select(BoothApplication.enterprise_id).where(BoothApplication.fair_id == fair.id)))
    errors: list[dict] = []
    planned: list[tuple[Enterprise | None, dict, dict]] = []
    seen_tax_codes: dict[str, int] = {}
    kinds, sectors = label_index(KIND_LABELS), label_index(SECTORS)
    for number, row in enumerate(rows, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number / len(rows))
        enterprise_values = {**row, "legal_name": row.get("name"), "kind": code_for(row.get("kind"), kinds),
                             "sector": code_for(row.get("sector"), sectors),
                             "is_rural_industry": _flag(row.get("is_rural_industry"))}
        clean_enterprise, enterprise_errors = check_enterprise_values(enterprise_values)
        row_errors = [{"row": number, **error} for error in enterprise_errors]
        existing = None
        code = clean_enterprise.get("tax_code")
        if code:
            if code in seen_tax_codes:
                row_errors.append({"row": number, "field": "tax_code", "message": _(
                    "Tax code %(code)s is also on row %(other)d.", code=code, other=seen_tax_codes[code])})
            seen_tax_codes.setdefault(code, number)
            existing = on_file.get(code)
            if existing is not None and existing.id in applied:
                row_errors.append({"row": number, "field": "tax_code", "message": _(
                    "%(enterprise)s has already applied to this fair.", enterprise=existing.legal_name)})
        application_values = {"booths_requested": row.get("booths_requested"), "products": row.get("products"),
                              "staff_count": row.get("staff_count") or 0,
                              "support_requested": _flag(row.get("support_requested")),
                              "support_programme": row.get("support_programme")}
        probe = existing or Enterprise(legal_name=clean_enterprise.get("legal_name") or "")
        clean_application, application_errors = check_application_values(session, fair, probe, application_values)
        row_errors += [{"row": number, **error} for error in application_errors]
        if row_errors:
            errors.extend(row_errors)
        else:
            planned.append((existing, clean_enterprise, clean_application))
    if errors:
        raise ValidationFailed(errors, message=_("Nothing was imported: %(n)d problems.", n=len(errors)))
    enterprise_ids = _insert_enterprises(session, [clean for existing, clean, _a in planned if existing is None],
                                         now=now)
    insert_rows(session, BoothApplication, (
        {**clean_application, "fair_id": fair.id,
         "enterprise_id": existing.id if existing is not None else next(enterprise_ids), "status": "submitted",
         "payment_status": "unpaid", "submitted_at": now, "created_by_id": actor.id, "created_at": now,
         "updated_at": now}
        for existing, _clean, clean_application in planned))
    record_audit(session, actor, "application.import", fair, now=now, after={"applications": len(planned)})
    return len(planned)


def _insert_enterprises(session, rows: list[dict], *, now: datetime):
    """Register new enterprises, a statement per 5,000; their ids, in the rows' order.

    Core statements, not an ORM object a row, keep a 100,000-row delegation linear and short enough for SQLite's
    write lock. The ids are read back rather than RETURNed (SQLAlchemy returns them in order one row at a time on
    SQLite): an executemany numbers its rows in order, after the largest id before it, all stamped `now`.
    """
    if not rows:
        return iter(())
    before = session.scalar(sa.select(sa.func.max(Enterprise.id))) or 0
    insert_rows(session, Enterprise, ({**clean, "created_at": now, "updated_at": now} for clean in rows))
    ids = list(session.scalars(sa.select(Enterprise.id).where(Enterprise.id > before, Enterprise.created_at == now)
                               .order_by(Enterprise.id)))
    if len(ids) != len(rows):
        raise Conflict(_("Another registration ran at the same moment; import the file again."))
    return iter(ids)


def start_delegation_import(session, fair: Fair, data: bytes, *, filename: str, actor: User, now: datetime) -> Job:
    """Keep an uploaded delegation table and queue its import (`delegations.import`); the caller commits, launches."""
    return start_import(session, JOB_KIND, data, filename=filename, params={"fair_id": fair.id}, actor=actor,
                        now=now)


def run_delegation_import(session, job: Job, rows: list[dict[str, str]], actor: User, progress: Progress) -> int:
    """Job `delegations.import` (params: fair_id, upload_id): every row's enterprise and application, or none."""
    fair = session.get(Fair, job.params["fair_id"])
    return import_delegation(session, fair, rows, actor=actor, now=utcnow(), progress=progress)
