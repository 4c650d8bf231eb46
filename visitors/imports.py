"""Buyer lists and delegations of visitors from CSV/XLSX: all or nothing, problems by row and column.

Columns: full_name, email, country, visitor_type (required); organisation, job_title, phone,
province, sectors (separated by ';'). A row whose e-mail is already registered for the fair, or
appears twice in the file, is a problem: an import never merges people silently.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from core.audit import record_audit
from core.db import insert_rows, utcnow
from core.errors import Conflict, PermissionDenied, ValidationFailed
from core.import_help import ImportColumn, country_column, province_column, sector_column
from core.jobs import Job
from core.jobs.imports import Progress, start_import
from core.reference.labels import code_for, label_index
from core.reference.sectors import SECTORS
from fairs.models import Fair
from visitors.forms import TYPE_LABELS
from visitors.models import Visitor
from visitors.services import check_visitor_values, issue_badges, registration_open
from visitors.vocabulary import PUBLIC_TYPES

REQUIRED_COLUMNS = ("full_name", "email", "country", "visitor_type")
PROGRESS_EVERY = 1000  # rows checked between two reports of an import job's progress
JOB_KIND = "visitors.import"


def import_columns() -> list[ImportColumn]:
    """The columns of a visitors file, for the import page and its template."""
    return [
        ImportColumn("full_name", _("Full name"), True, "Nguyễn Văn An"),
        ImportColumn("email", _("E-mail (the badge is sent to it)"), True, "an.nguyen@example.vn"),
        country_column(),
        ImportColumn("visitor_type", _("Visitor type"), True, str(TYPE_LABELS["trade_buyer"]),
                     {code: TYPE_LABELS[code] for code in PUBLIC_TYPES}),
        ImportColumn("organisation", _("Organisation"), False, ""),
        ImportColumn("job_title", _("Job title"), False, ""),
        ImportColumn("phone", _("Phone"), False, ""),
        province_column(),
        sector_column("sectors", several=True, required=False),
    ]


def import_visitors(session, fair: Fair, rows: list[dict[str, str]], *, actor: User, now: datetime,
                    progress: Progress | None = None) -> int:
    """Register every row's visitor with a badge, or none of them; the number registered. `progress(fraction)`
    hears how far the checks have got (never once writing began: see `booths.layout.services.import_booths`)."""
    if actor.role not in ("admin", "organizer"):
        raise PermissionDenied(_("Only organizers import visitors."))
    if not registration_open(fair):
        raise Conflict(_("Registration for this fair is closed."))
    if not rows:
        raise ValidationFailed([{"row": None, "field": None, "message": _("The file has no rows.")}])
    missing = [column for column in REQUIRED_COLUMNS if column not in rows[0]]
    if missing:
        raise ValidationFailed([{"row": None, "field": column, "message": _("Missing column.")} for column in missing])
    registered = set(session.scalars(sa.select(Visitor.email).where(Visitor.fair_id == fair.id,
                                                                   Visitor.email.is_not(None))))
    errors: list[dict] = []
    planned: list[dict] = []
    seen: dict[str, int] = {}
    types, sectors = label_index(TYPE_LABELS), label_index(SECTORS)
    for number, row in enumerate(rows, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number / len(rows))
        values = {**row, "visitor_type": code_for(row.get("visitor_type"), types),
                  "sectors": [code_for(s, sectors) for s in (row.get("sectors") or "").split(";") if s.strip()]}
        clean, row_errors = check_visitor_values(values, consent_required=False)
        row_errors = [{"row": number, **error} for error in row_errors]
        email = clean.get("email")
        if email and email in seen:
            row_errors.append({"row": number, "field": "email", "message": _(
                "%(email)s is also on row %(other)d.", email=email, other=seen[email])})
        elif email and email in registered:
            row_errors.append({"row": number, "field": "email", "message": _(
                "%(email)s is already registered for this fair.", email=email)})
        if email:
            seen.setdefault(email, number)
        if row_errors:
            errors.extend(row_errors)
        else:
            planned.append(clean)
    if errors:
        raise ValidationFailed(errors, message=_("Nothing was imported: %(n)d problems.", n=len(errors)))
    # A statement per 5,000 visitors, then per 5,000 badges, not an ORM object, a flush and a savepoint a row: a
    # 100,000-row import stays linear and short enough for SQLite's write lock.
    columns = {key: None for clean in planned for key in clean}
    insert_rows(session, Visitor, ({**columns, **clean, "fair_id": fair.id, "source": "import",
                                    "created_by_id": actor.id, "created_at": now} for clean in planned))
    # Read back rather than RETURNed (row by row on SQLite): the fair's visitors this actor imported just now.
    ids = list(session.scalars(sa.select(Visitor.id).where(Visitor.fair_id == fair.id, Visitor.created_at == now,
                                                           Visitor.source == "import",
                                                           Visitor.created_by_id == actor.id)))
    if len(ids) != len(planned):
        raise Conflict(_("Another import of this fair ran at the same moment; import the file again."))
    issue_badges(session, fair.id, ids, now=now)
    record_audit(session, actor, "visitor.import", fair, now=now, after={"visitors": len(planned)})
    return len(planned)


def start_visitor_import(session, fair: Fair, data: bytes, *, filename: str, actor: User, now: datetime) -> Job:
    """Keep an uploaded visitors table and queue its import (`visitors.import`); the caller commits, launches."""
    return start_import(session, JOB_KIND, data, filename=filename, params={"fair_id": fair.id}, actor=actor,
                        now=now)


def run_visitor_import(session, job: Job, rows: list[dict[str, str]], actor: User, progress: Progress) -> int:
    """Job `visitors.import` (params: fair_id, upload_id): every row's visitor with a badge, or none."""
    fair = session.get(Fair, job.params["fair_id"])
    return import_visitors(session, fair, rows, actor=actor, now=utcnow(), progress=progress)
