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
from core.errors import Conflict, PermissionDenied, ValidationFailed
from fairs.models import Fair
from visitors.models import Visitor
from visitors.services import check_visitor_values, issue_badge, registration_open

REQUIRED_COLUMNS = ("full_name", "email", "country", "visitor_type")


def import_visitors(session, fair: Fair, rows: list[dict[str, str]], *, actor: User, now: datetime) -> int:
    """Register every row's visitor with a badge, or none of them; the number registered."""
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
    for number, row in enumerate(rows, start=1):
        values = {**row, "sectors": [s.strip() for s in (row.get("sectors") or "").split(";") if s.strip()]}
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
    for clean in planned:
        visitor = Visitor(fair_id=fair.id, source="import", created_by_id=actor.id, created_at=now, **clean)
        session.add(visitor)
        session.flush()
        issue_badge(session, visitor, now=now)
    record_audit(session, actor, "visitor.import", fair, now=now, after={"visitors": len(planned)})
    return len(planned)
