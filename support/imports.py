"""Grants from CSV/XLSX: all or nothing, each problem by row; enterprises are found by their tax code.

Columns: tax_code, content, amount_vnd, status (required); fair_code (optional, empty for support
that names no fair). Content and status may be given by their names (Vietnamese or English) or codes.
Rows that would take the programme past its budget are refused, naming the
first row that does, unless the organizer confirms the override (audited).
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from core.audit import record_audit
from core.db import utcnow
from core.errors import ValidationFailed
from core.i18n import money
from core.import_help import ImportColumn
from core.jobs import Job
from core.jobs.imports import Progress, start_import
from core.reference.labels import code_for, label_index
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise
from fairs.models import Fair
from support.labels import CONTENT_LABELS, STATUS_LABELS
from support.models import SupportProgramme
from support.services import (
    check_budget,
    check_grant_values,
    outside_programme_province,
    record_grants,
    require_manager,
)
from support.vocabulary import COMMITTED_STATUSES

REQUIRED_COLUMNS = ("tax_code", "content", "amount_vnd", "status")
MAX_ROWS = 200_000  # a national programme's five years of grants fit; the file's size is bounded before this
IN_CHUNK = 5000  # tax codes asked in one query
COLUMNS = ("tax_code", "content", "amount_vnd", "fair_code", "status")
PROGRESS_EVERY = 500  # rows checked between two reports of an import job's progress
JOB_KIND = "grants.import"


def import_columns() -> list[ImportColumn]:
    """The columns of a grants file, for the import page and its template."""
    return [
        ImportColumn("tax_code", _("Tax code of the enterprise (already registered)"), True, "0100109106"),
        ImportColumn("content", _("Support content"), True, str(CONTENT_LABELS["fair_participation"]),
                     CONTENT_LABELS),
        ImportColumn("amount_vnd", _("Amount in đồng, digits only"), True, "6000000"),
        ImportColumn("fair_code", _("Code of the fair (empty for support that names no fair)"), False, ""),
        ImportColumn("status", _("Status of the grant"), True, str(STATUS_LABELS["approved"]),
                     {code: STATUS_LABELS[code] for code in ("planned", "approved", "disbursed")}),
    ]


def _in_chunks(session, query, column, keys: set) -> list:
    """The rows of `query` whose `column` is one of `keys`, asked IN_CHUNK keys at a time (SQLite's bound
    parameters are limited)."""
    keys = sorted(keys)
    return [item for start in range(0, len(keys), IN_CHUNK)
            for item in session.scalars(query.where(column.in_(keys[start:start + IN_CHUNK])))]


def _row_problems(session, programme: SupportProgramme, rows: list[dict[str, str]],
                  progress: Progress | None = None) -> tuple[list[dict], list]:
    # Every enterprise and fair the file names, loaded once: the row checks below then find them in the session
    # (`session.get`) without a query of their own, and each enterprise's province is judged once.
    codes = {normalise_tax_code(row.get("tax_code")) for row in rows} - {None}
    loaded = _in_chunks(session, sa.select(Enterprise), Enterprise.tax_code, codes)  # held: the session's map is weak
    enterprises = {enterprise.tax_code: enterprise.id for enterprise in loaded}
    fair_codes = {(row.get("fair_code") or "").strip() for row in rows} - {""}
    loaded += _in_chunks(session, sa.select(Fair), Fair.code, fair_codes)
    fairs = {fair.code: fair.id for fair in loaded if isinstance(fair, Fair)}
    outside = {enterprise_id: outside_programme_province(session, programme, enterprise_id)
               for enterprise_id in enterprises.values()}
    errors: list[dict] = []
    planned: list[tuple[int, dict]] = []
    contents, statuses = label_index(CONTENT_LABELS), label_index(STATUS_LABELS)
    for number, row in enumerate(rows, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number / len(rows))
        row_errors: list[dict] = []
        text = (row.get("tax_code") or "").strip()
        code = normalise_tax_code(text)
        if code is None:
            row_errors.append({"field": "tax_code",
                               "message": _("%(code)s is not a valid tax code.", code=text or "—")})
        elif code not in enterprises:
            row_errors.append({"field": "tax_code", "message": _("No enterprise has the tax code %(code)s.",
                                                                 code=code)})
        fair_code = (row.get("fair_code") or "").strip()
        if fair_code and fair_code not in fairs:
            row_errors.append({"field": "fair_code", "message": _("No fair has the code %(code)s.", code=fair_code)})
        values = {"enterprise_id": enterprises.get(code), "fair_id": fairs.get(fair_code),
                  "content": code_for(row.get("content"), contents), "amount_vnd": row.get("amount_vnd"),
                  "status": code_for(row.get("status"), statuses)}
        clean, field_errors = check_grant_values(session, values, programme=programme)
        # A missing enterprise or fair is told by its code above; a fair the programme's decision came after, here.
        row_errors += [error if error["field"] != "fair_id" else {**error, "field": "fair_code"}
                       for error in field_errors if error["field"] != "enterprise_id"
                       and (error["field"] != "fair_id" or values["fair_id"] is not None)]
        if values["enterprise_id"] and outside[values["enterprise_id"]]:
            row_errors.append({"field": "tax_code", "message": _(
                "This enterprise is not in %(province)s, whose fund this programme is: record it on the grant form, "
                "which asks to confirm.", province=programme.province)})
        if not values["status"]:
            row_errors.append({"field": "status", "message": _("The status is planned, approved or disbursed.")})
        errors += [{"row": number, **error} for error in row_errors]
        if not row_errors:
            planned.append((number, clean))
    return errors, planned


def import_grants(session, programme: SupportProgramme, rows: list[dict[str, str]], *, actor: User | None,
                  now: datetime, override: bool = False, progress: Progress | None = None) -> int:
    """Record every row's grant under `programme`, or none; the number recorded. `progress(fraction)` hears how
    far the checks have got (never once writing began)."""
    require_manager(actor)
    if not rows:
        raise ValidationFailed([{"row": None, "field": None, "message": _("The file has no rows.")}])
    if len(rows) > MAX_ROWS:
        raise ValidationFailed([{"row": None, "field": None, "message": _(
            "At most %(n)d rows a file: split it.", n=MAX_ROWS)}])
    missing = [column for column in REQUIRED_COLUMNS if column not in rows[0]]
    if missing:
        raise ValidationFailed([{"row": None, "field": column, "message": _("Missing column.")} for column in missing])
    errors, planned = _row_problems(session, programme, rows, progress)
    if not errors and not override:
        errors += _budget_problems(session, programme, planned)
    if errors:
        raise ValidationFailed(errors, message=_("Nothing was imported: %(n)d problems.", n=len(errors)))
    record_grants(session, programme, [clean for _number, clean in planned], actor=actor, now=now, override=override,
                  source="import")
    record_audit(session, actor, "support_grant.import", programme, now=now,
                 after={"grants": len(planned), "override": override})
    return len(planned)


def _budget_problems(session, programme: SupportProgramme, planned: list[tuple[int, dict]]) -> list[dict]:
    """The first row from which the file's commitments, added in order to what the programme has committed, pass
    its budget (the database's total read once, holding the programme's row): one problem, or none."""
    committing = [(number, clean["amount_vnd"]) for number, clean in planned if clean["status"] in COMMITTED_STATUSES]
    check = check_budget(session, programme, sum(amount for _number, amount in committing))
    if not check.overrun:
        return []
    running = check.committed
    for number, amount in committing:
        running += amount
        if running > check.budget:
            return [{"row": number, "field": "amount_vnd", "message": _(
                "From this row on the grants exceed the programme's budget of %(budget)s by %(over)s.",
                budget=money(check.budget), over=money(check.overrun))}]
    return []


def start_grant_import(session, programme: SupportProgramme, data: bytes, *, filename: str, override: bool,
                       actor: User, now: datetime) -> Job:
    """Keep an uploaded grants table and queue its import (`grants.import`); the caller commits, launches."""
    require_manager(actor)
    return start_import(session, JOB_KIND, data, filename=filename,
                        params={"programme_id": programme.id, "override": bool(override)}, actor=actor, now=now)


def run_grant_import(session, job: Job, rows: list[dict[str, str]], actor: User, progress: Progress) -> int:
    """Job `grants.import` (params: programme_id, override, upload_id): every row's grant, or none."""
    programme = session.get(SupportProgramme, job.params["programme_id"])
    return import_grants(session, programme, rows, actor=actor, now=utcnow(), override=job.params["override"],
                         progress=progress)
