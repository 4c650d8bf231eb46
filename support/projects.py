"""Projects (đề án) of a programme and the outcomes they record per beneficiary.

A grant belongs to a project: one named by the organizer, or else the programme's standing project for the grant's
content (made on first use, as the migration made one per programme and content for the grants before projects).
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from core.audit import record_audit
from core.errors import NotFound, PermissionDenied, ValidationFailed
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise
from support.budget import parse_vnd
from support.labels import CONTENT_LABELS
from support.models import SupportOutcome, SupportProgramme, SupportProject
from support.vocabulary import GRANT_CONTENTS, PROJECT_STATUSES

OUTCOME_COUNTS = ("trainees", "employed_after", "jobs_created", "new_designs", "typical_products", "machines")
OUTCOME_COLUMNS = ("tax_code", "recorded_on", *OUTCOME_COUNTS, "typical_product_level")
MAX_OUTCOME_ROWS = 5000


def _require_manager(actor: User | None) -> None:
    if actor is not None and actor.role not in ("admin", "organizer"):
        raise PermissionDenied(_("Only organizers record support programmes and grants."))


def standing_project(session, programme: SupportProgramme, content: str, *, now: datetime) -> SupportProject:
    """The programme's project for `content` (code = the content), made on first use under the programme's decision."""
    def find():
        return session.scalar(sa.select(SupportProject).where(SupportProject.programme_id == programme.id,
                                                              SupportProject.code == content))

    project = find()
    if project is None:
        # Two first grants of a content at once: the programme's row (as the budget check holds it) makes the second
        # wait for the first's commit and then find its project.
        session.execute(sa.update(SupportProgramme).where(SupportProgramme.id == programme.id)
                        .values(budget_vnd=SupportProgramme.budget_vnd))
        project = find()
    if project is None:
        project = SupportProject(programme_id=programme.id, code=content, name=str(CONTENT_LABELS[content]),
                                 content=content, decision_ref=programme.decision_ref,
                                 decision_date=programme.decision_date, state_budget_vnd=0, counterpart_vnd=0,
                                 status="approved", created_at=now)
        session.add(project)
        session.flush()
    return project


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def create_project(session, programme: SupportProgramme, values: dict, *, actor: User | None,
                   now: datetime) -> SupportProject:
    """Record a project of `programme`: code, name, content, approving decision, implementing unit and funds."""
    _require_manager(actor)
    errors = []
    code = (values.get("code") or "").strip()
    name = (values.get("name") or "").strip()
    if not code or len(code) > 40:
        errors.append({"field": "code", "message": _("Give the project's code (at most 40 characters).")})
    if not name or len(name) > 300:
        errors.append({"field": "name", "message": _("Name the project (at most 300 characters).")})
    content = values.get("content")
    if content not in GRANT_CONTENTS:
        errors.append({"field": "content", "message": _("Unknown support content: %(names)s.", names=content)})
    funds = {}
    for field in ("state_budget_vnd", "counterpart_vnd"):
        funds[field] = parse_vnd(values.get(field) if values.get(field) not in (None, "") else 0)
        if funds[field] is None or funds[field] < 0:
            errors.append({"field": field, "message": _("A whole number of đồng, zero or more.")})
    decision_date = _day(values.get("decision_date")) if values.get("decision_date") else None
    if values.get("decision_date") and decision_date is None:
        errors.append({"field": "decision_date", "message": _("Give the date as YYYY-MM-DD.")})
    status = values.get("status") or "approved"
    if status not in PROJECT_STATUSES:
        errors.append({"field": "status", "message": _("Unknown project status.")})
    if code and session.scalar(sa.select(SupportProject.id).where(SupportProject.programme_id == programme.id,
                                                                  SupportProject.code == code)):
        errors.append({"field": "code", "message": _("The programme already has a project with this code.")})
    if errors:
        raise ValidationFailed(errors)
    project = SupportProject(programme_id=programme.id, code=code, name=name, content=content,
                             decision_ref=(values.get("decision_ref") or "").strip()[:200] or None,
                             decision_date=decision_date,
                             implementing_unit=(values.get("implementing_unit") or "").strip()[:200] or None,
                             status=status, created_at=now, **funds)
    session.add(project)
    session.flush()
    record_audit(session, actor, "support_project.create", project, now=now,
                 after={"programme_id": programme.id, "code": code, **funds})
    return project


def get_project(session, project_id: int) -> SupportProject:
    """A project, or NotFound."""
    project = session.get(SupportProject, project_id)
    if project is None:
        raise NotFound(_("No such project."))
    return project


def list_projects(session, programme: SupportProgramme) -> list[SupportProject]:
    """A programme's projects by code."""
    return list(session.scalars(sa.select(SupportProject).where(SupportProject.programme_id == programme.id)
                                .order_by(SupportProject.code)))


def check_outcome_values(session, values: dict) -> tuple[dict, list[dict]]:
    """Clean one outcome (the enterprise by id or by tax code, the day, the counts); every problem names its field."""
    errors = []
    if values.get("enterprise_id") not in (None, ""):
        enterprise_id = session.scalar(sa.select(Enterprise.id).where(
            Enterprise.id == (_int(values.get("enterprise_id")) or 0)))
    else:
        code = normalise_tax_code(values.get("tax_code"))
        enterprise_id = session.scalar(sa.select(Enterprise.id).where(Enterprise.tax_code == code)) if code else None
    if enterprise_id is None:
        field = "enterprise_id" if values.get("enterprise_id") not in (None, "") else "tax_code"
        errors.append({"field": field, "message": _("No such enterprise.")})
    recorded_on = _day(values.get("recorded_on"))
    if recorded_on is None:
        errors.append({"field": "recorded_on", "message": _("Give the date as YYYY-MM-DD.")})
    counts = {}
    for field in OUTCOME_COUNTS:
        counts[field] = _int(values.get(field)) if values.get(field) not in (None, "") else 0
        if counts[field] is None or not 0 <= counts[field] <= 1_000_000:
            errors.append({"field": field, "message": _("A whole number, zero or more.")})
    if not errors and counts["employed_after"] > counts["trainees"]:
        errors.append({"field": "employed_after", "message": _("No more employed than trained.")})
    clean = {"enterprise_id": enterprise_id, "recorded_on": recorded_on,
             "typical_product_level": (values.get("typical_product_level") or "").strip()[:20] or None, **counts}
    return clean, errors


def record_outcome(session, project: SupportProject, values: dict, *, actor: User | None,
                   now: datetime) -> SupportOutcome:
    """Record what `project` achieved for one beneficiary on a day (trainees, employed after, jobs, designs…)."""
    _require_manager(actor)
    clean, errors = check_outcome_values(session, values)
    if errors:
        raise ValidationFailed(errors)
    outcome = SupportOutcome(project_id=project.id, created_by_id=getattr(actor, "id", None), created_at=now,
                             **clean)
    session.add(outcome)
    session.flush()
    record_audit(session, actor, "support_outcome.create", outcome, now=now,
                 after={"project_id": project.id, **{k: v for k, v in clean.items() if k != "recorded_on"},
                        "recorded_on": clean["recorded_on"].isoformat()})
    return outcome


def import_outcomes(session, project: SupportProject, rows: list[dict[str, str]], *, actor: User | None,
                    now: datetime) -> int:
    """Record every row's outcome (tax_code, recorded_on, the counts) under `project`, or none; how many."""
    _require_manager(actor)
    if not rows:
        raise ValidationFailed([{"row": None, "field": None, "message": _("The file has no rows.")}])
    if len(rows) > MAX_OUTCOME_ROWS:
        raise ValidationFailed([{"row": None, "field": None, "message": _(
            "At most %(n)d rows a file: split it.", n=MAX_OUTCOME_ROWS)}])
    missing = [column for column in ("tax_code", "recorded_on") if column not in rows[0]]
    if missing:
        raise ValidationFailed([{"row": None, "field": column, "message": _("Missing column.")} for column in missing])
    planned, errors = [], []
    for number, row in enumerate(rows, start=1):
        clean, row_errors = check_outcome_values(session, {key: row.get(key) for key in OUTCOME_COLUMNS})
        errors += [{"row": number, **error} for error in row_errors]
        planned.append(clean)
    if errors:
        raise ValidationFailed(errors, message=_("Nothing was imported: %(n)d problems.", n=len(errors)))
    for clean in planned:
        session.add(SupportOutcome(project_id=project.id, created_by_id=getattr(actor, "id", None), created_at=now,
                                   **clean))
    session.flush()
    record_audit(session, actor, "support_outcome.import", project, now=now, after={"outcomes": len(planned)})
    return len(planned)


def list_outcomes(session, project: SupportProject) -> list[SupportOutcome]:
    """A project's outcomes, latest first."""
    return list(session.scalars(sa.select(SupportOutcome).where(SupportOutcome.project_id == project.id)
                                .order_by(SupportOutcome.recorded_on.desc(), SupportOutcome.id.desc())))


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
