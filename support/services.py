"""Support rules: programmes, and grants within the budget (or an audited override); lists are in `support.listing`,
the officer's province in `support.scopes`."""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from core.audit import record_audit, record_audits
from core.db import insert_rows
from core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.i18n import money
from core.reference.provinces import resolve_province
from enterprises.identity import normalise_tax_code
from enterprises.models import Enterprise
from fairs.models import Fair
from support.budget import BudgetCheck, parse_vnd
from support.labels import CONTENT_LABELS
from support.models import Agency, SupportGrant, SupportProgramme, SupportProject
from support.projects import standing_project
from support.vocabulary import COMMITTED_STATUSES, GRANT_CONTENTS, GRANT_MOVES, GRANT_STATUSES, PROGRAMME_LEVELS

MANAGERS = ("admin", "organizer")
READERS = ("admin", "organizer", "officer")


def require_manager(actor: User | None) -> None:
    """Refuse anyone but organizers and admins (None is the system, e.g. the demo)."""
    if actor is not None and actor.role not in MANAGERS:
        raise PermissionDenied(_("Only organizers record support programmes and grants."))


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def check_programme_values(values: dict) -> tuple[dict, list[dict]]:
    """Clean a programme's fields; every problem names its field."""
    errors: list[dict] = []
    clean: dict = {}
    clean["name"] = (values.get("name") or "").strip()
    if not clean["name"] or len(clean["name"]) > 300:
        errors.append({"field": "name", "message": _("Name the programme (at most 300 characters).")})
    clean["level"] = values.get("level")
    if clean["level"] not in PROGRAMME_LEVELS:
        errors.append({"field": "level", "message": _("The level is national or provincial.")})
    clean["agency"] = (values.get("agency") or "").strip()[:200] or None
    province_text = (values.get("province") or "").strip()
    province = resolve_province(province_text) if province_text else None
    if province_text and province is None:
        errors.append({"field": "province", "message": _("Unknown province or city.")})
    clean["province"] = province.name_vi if province else None
    clean["year"] = _int(values.get("year"))
    if clean["year"] is None or not 2000 <= clean["year"] <= 2100:
        errors.append({"field": "year", "message": _("Give the year, e.g. 2026.")})
    clean["decision_ref"] = (values.get("decision_ref") or "").strip()
    if not clean["decision_ref"] or len(clean["decision_ref"]) > 200:
        errors.append({"field": "decision_ref", "message": _(
            "Give the decision's number, e.g. 1034/QĐ-UBND (at most 200 characters).")})
    clean["decision_date"] = _day(values.get("decision_date"))
    if clean["decision_date"] is None:
        errors.append({"field": "decision_date", "message": _("Give the date as YYYY-MM-DD.")})
    clean["budget_vnd"] = parse_vnd(values.get("budget_vnd"))
    if clean["budget_vnd"] is None or clean["budget_vnd"] <= 0:
        errors.append({"field": "budget_vnd", "message": _("The budget must be a positive whole number of đồng.")})
    contents = values.get("allowed_contents")
    contents = list(GRANT_CONTENTS) if contents in (None, "", []) else contents
    if isinstance(contents, str):
        contents = [part.strip() for part in contents.split(",") if part.strip()]
    unknown = [item for item in contents if item not in GRANT_CONTENTS]
    if unknown:
        errors.append({"field": "allowed_contents", "message": _("Unknown support content: %(names)s.",
                                                                 names=", ".join(map(str, unknown)))})
    clean["allowed_contents"] = [item for item in GRANT_CONTENTS if item in contents]
    clean["booth_fee_percent"] = _int(values.get("booth_fee_percent"))
    if values.get("booth_fee_percent") not in (None, "") and not (
            clean["booth_fee_percent"] is not None and 0 < clean["booth_fee_percent"] <= 100):
        errors.append({"field": "booth_fee_percent", "message": _("A percentage from 1 to 100.")})
    clean["booth_fee_max_booths"] = _int(values.get("booth_fee_max_booths"))
    if values.get("booth_fee_max_booths") not in (None, "") and not (
            clean["booth_fee_max_booths"] is not None and clean["booth_fee_max_booths"] >= 1):
        errors.append({"field": "booth_fee_max_booths", "message": _("At least one booth.")})
    clean["booth_fee_rural_only"] = bool(values.get("booth_fee_rural_only", True))
    return clean, errors


def create_programme(session, values: dict, *, actor: User | None, now: datetime) -> SupportProgramme:
    """Record a programme of a year with its legal decision and budget."""
    require_manager(actor)
    clean, errors = check_programme_values(values)
    if errors:
        raise ValidationFailed(errors)
    agency = None
    if values.get("managing_agency_id") not in (None, ""):
        agency = session.get(Agency, _int(values.get("managing_agency_id")) or 0)
        if agency is None:
            raise ValidationFailed([{"field": "managing_agency_id", "message": _("No such agency.")}])
    programme = SupportProgramme(created_by_id=getattr(actor, "id", None), created_at=now, managing_agency=agency,
                                 **clean)
    session.add(programme)
    session.flush()
    record_audit(session, actor, "support_programme.create", programme, now=now,
                 after={"name": programme.name, "year": programme.year, "budget_vnd": clean["budget_vnd"],
                        "decision_ref": programme.decision_ref})
    return programme


def get_programme(session, programme_id: int) -> SupportProgramme:
    """A programme, or NotFound."""
    programme = session.get(SupportProgramme, programme_id)
    if programme is None:
        raise NotFound(_("No such support programme."))
    return programme


def list_programmes(session, *, year: int | None = None) -> list[SupportProgramme]:
    """Programmes, newest year first."""
    query = sa.select(SupportProgramme).order_by(SupportProgramme.year.desc(), SupportProgramme.name)
    if year:
        query = query.where(SupportProgramme.year == year)
    return list(session.scalars(query))


def committed_vnd(session, programme_id: int) -> int:
    """What the programme's approved and disbursed grants add up to."""
    return int(session.scalar(sa.select(sa.func.coalesce(sa.func.sum(SupportGrant.amount_vnd), 0)).where(
        SupportGrant.programme_id == programme_id, SupportGrant.status.in_(COMMITTED_STATUSES))) or 0)


def programme_figures(session, programme: SupportProgramme) -> dict:
    """Budget, planned, committed (approved + disbursed), disbursed and what is left, in đồng."""
    rows = dict(session.execute(sa.select(SupportGrant.status, sa.func.sum(SupportGrant.amount_vnd))
                                .where(SupportGrant.programme_id == programme.id)
                                .group_by(SupportGrant.status)).all())
    figures = {status: int(rows.get(status) or 0) for status in GRANT_STATUSES}
    committed = figures["approved"] + figures["disbursed"]
    return {"budget": int(programme.budget_vnd), "planned": figures["planned"], "committed": committed,
            "disbursed": figures["disbursed"], "remaining": int(programme.budget_vnd) - committed}


def check_budget(session, programme: SupportProgramme, proposed: int) -> BudgetCheck:
    """The budget after committing `proposed` more, with the programme's row held until the commit.

    A write that changes nothing takes the row's lock on PostgreSQL and the database's write lock on
    SQLite (where SELECT … FOR UPDATE does nothing), so a second grant of the same programme waits
    for the first to commit and then sums it: two grants cannot both fit into what only one fits.
    """
    session.execute(sa.update(SupportProgramme).where(SupportProgramme.id == programme.id)
                    .values(budget_vnd=SupportProgramme.budget_vnd))
    return BudgetCheck(int(programme.budget_vnd), committed_vnd(session, programme.id), proposed)


def _budget_refusal(check: BudgetCheck) -> str:
    return _("This would commit %(over)s more than the programme's budget (%(committed)s committed of "
             "%(budget)s). Confirm the override to record it anyway.", over=money(check.overrun),
             committed=money(check.committed), budget=money(check.budget))


def _audit_override(session, actor, grant: SupportGrant, check: BudgetCheck, *, now: datetime) -> None:
    grant.over_budget = True
    record_audit(session, actor, "support_grant.over_budget", grant, now=now,
                 before={"budget_vnd": check.budget, "committed_vnd": check.committed},
                 after={"committed_vnd": check.after, "overrun_vnd": check.overrun,
                        "programme_id": grant.programme_id})


def check_grant_values(session, values: dict, *, programme: SupportProgramme | None = None) -> tuple[dict, list]:
    """Clean a grant's fields (programme, enterprise, optional fair, content, amount, status) by field."""
    errors: list[dict] = []
    clean: dict = {}
    if programme is None:
        programme = session.get(SupportProgramme, _int(values.get("programme_id")) or 0)
        if programme is None:
            errors.append({"field": "programme_id", "message": _("No such support programme.")})
    clean["programme_id"] = programme.id if programme else None
    enterprise = session.get(Enterprise, _int(values.get("enterprise_id")) or 0)
    if enterprise is None:
        errors.append({"field": "enterprise_id", "message": _("No such enterprise.")})
    clean["enterprise_id"] = enterprise.id if enterprise else None
    clean["fair_id"] = None
    if values.get("fair_id") not in (None, ""):
        fair = session.get(Fair, _int(values.get("fair_id")) or 0)
        if fair is None:
            errors.append({"field": "fair_id", "message": _("No such fair.")})
        clean["fair_id"] = fair.id if fair else None
        if fair is not None and programme is not None and fair.ends_on < programme.decision_date:
            # Support is decided before the fair: a decision cannot pay for what was over when it was signed.
            errors.append({"field": "fair_id", "message": _(
                "The fair ended on %(ended)s, before the decision approving the programme (%(decided)s).",
                ended=fair.ends_on.strftime("%d/%m/%Y"), decided=programme.decision_date.strftime("%d/%m/%Y"))})
    clean["project_id"] = None
    if values.get("project_id") not in (None, ""):
        project = session.get(SupportProject, _int(values.get("project_id")) or 0)
        if project is None or (programme is not None and project.programme_id != programme.id):
            errors.append({"field": "project_id", "message": _("No such project in this programme.")})
        elif project.content != values.get("content"):
            errors.append({"field": "project_id", "message": _("The project funds another content.")})
        clean["project_id"] = project.id if project else None
    clean["content"] = values.get("content")
    if clean["content"] not in GRANT_CONTENTS:
        errors.append({"field": "content", "message": _(
            "The content is one of: %(names)s.",
            names=", ".join(f"{CONTENT_LABELS[code]} ({code})" for code in GRANT_CONTENTS))})
    elif programme is not None and clean["content"] not in (programme.allowed_contents or []):
        errors.append({"field": "content", "message": _("This programme does not fund this content.")})
    clean["amount_vnd"] = parse_vnd(values.get("amount_vnd"))
    if clean["amount_vnd"] is None or clean["amount_vnd"] <= 0:
        errors.append({"field": "amount_vnd", "message": _("The amount must be a positive whole number of đồng.")})
    clean["status"] = values.get("status") or "planned"
    if clean["status"] not in GRANT_STATUSES or clean["status"] == "cancelled":  # a grant is cancelled, not made so
        errors.append({"field": "status", "message": _("The status is planned, approved or disbursed.")})
    clean["booths"] = _int(values.get("booths"))
    if values.get("booths") not in (None, "") and (clean["booths"] is None or clean["booths"] < 1):
        errors.append({"field": "booths", "message": _("At least one booth.")})
    return clean, errors


def outside_programme_province(session, programme: SupportProgramme, enterprise_id: int) -> bool:
    """True when a provincial programme would fund an enterprise of another province (or abroad)."""
    if programme.level != "provincial" or not programme.province:
        return False
    enterprise = session.get(Enterprise, enterprise_id)
    unit = resolve_province(enterprise.province) if enterprise.country == "VN" else None
    return unit is None or unit.name_vi != programme.province


def record_grant(session, values: dict, *, actor: User | None, now: datetime, override: bool = False,
                 source: str = "manual", programme: SupportProgramme | None = None,
                 confirm_other_province: bool = False) -> SupportGrant:
    """Record a grant; one that would overcommit the budget is refused unless `override` (then audited), and a
    provincial fund's grant to another province's enterprise unless `confirm_other_province` (then audited)."""
    require_manager(actor)
    clean, errors = check_grant_values(session, values, programme=programme)
    if errors:
        raise ValidationFailed(errors)
    programme = programme or session.get(SupportProgramme, clean["programme_id"])
    other_province = outside_programme_province(session, programme, clean["enterprise_id"])
    if other_province and not confirm_other_province:
        raise Conflict(_("This enterprise is not in %(province)s, whose fund this programme is. Confirm to record "
                         "it anyway.", province=programme.province), field="enterprise_id")
    if clean["project_id"] is None:
        clean["project_id"] = standing_project(session, programme, clean["content"], now=now).id
    check = check_budget(session, programme, clean["amount_vnd"]) if clean["status"] in COMMITTED_STATUSES \
        else None
    if check is not None and check.overrun and not override:
        raise Conflict(_budget_refusal(check), field="amount_vnd")
    grant = SupportGrant(created_by_id=getattr(actor, "id", None), created_at=now, updated_at=now, source=source,
                         **clean)
    session.add(grant)
    session.flush()
    record_audit(session, actor, "support_grant.create", grant, now=now,
                 after={"programme_id": grant.programme_id, "enterprise_id": grant.enterprise_id,
                        "fair_id": grant.fair_id, "content": grant.content, "amount_vnd": clean["amount_vnd"],
                        "status": grant.status, "source": source})
    if check is not None and check.overrun:
        _audit_override(session, actor, grant, check, now=now)
    if other_province:
        record_audit(session, actor, "support_grant.other_province", grant, now=now,
                     after={"programme_province": programme.province, "enterprise_id": grant.enterprise_id})
    return grant


def record_grants(session, programme: SupportProgramme, grants: list[dict], *, actor: User | None, now: datetime,
                  override: bool = False, source: str = "import") -> list[int]:
    """Record checked grants of one programme at once (an import's rows, cleaned by `check_grant_values`), in order;
    their ids.

    The same outcome as `record_grant` row by row, for one budget check and a few statements instead of several a
    row: the programme's committed total is read once (holding its row), each grant's commitment is added to a
    running total, a grant past the budget is refused unless `override`, and then marked and audited with the
    figures `record_grant` would have seen at its turn.
    """
    require_manager(actor)
    projects = {content: standing_project(session, programme, content, now=now).id
                for content in dict.fromkeys(clean["content"] for clean in grants if clean["project_id"] is None)}
    committing = [int(clean["amount_vnd"]) if clean["status"] in COMMITTED_STATUSES else None for clean in grants]
    total = check_budget(session, programme, sum(amount for amount in committing if amount is not None))
    checks: list[BudgetCheck | None] = []
    running = total.committed
    for amount in committing:
        checks.append(None if amount is None else BudgetCheck(total.budget, running, amount))
        running += amount or 0
    first_over = next((check for check in checks if check is not None and check.overrun), None)
    if first_over is not None and not override:
        raise Conflict(_budget_refusal(first_over), field="amount_vnd")
    # Core statements, not one ORM object a row: 100,000 grants and their audits in seconds, not minutes. The ids
    # are read back rather than RETURNed: SQLAlchemy returns ids in the rows' order one row at a time on SQLite
    # (and splices the results quadratically). An executemany numbers its rows in order (SQLite's rowid,
    # PostgreSQL's sequence), and no other writer adds this programme's grants stamped `now` by this actor.
    insert_rows(session, SupportGrant, (
        {**clean, "project_id": clean["project_id"] or projects[clean["content"]], "source": source,
         "over_budget": bool(check is not None and check.overrun), "created_by_id": getattr(actor, "id", None),
         "created_at": now, "updated_at": now} for clean, check in zip(grants, checks, strict=True)))
    ids = list(session.scalars(sa.select(SupportGrant.id).where(
        SupportGrant.programme_id == programme.id, SupportGrant.created_at == now, SupportGrant.source == source,
        SupportGrant.created_by_id == getattr(actor, "id", None) if actor is not None
        else SupportGrant.created_by_id.is_(None)).order_by(SupportGrant.id)))
    if len(ids) != len(grants):
        raise Conflict(_("Another import of this programme ran at the same moment; import the file again."))
    record_audits(session, actor, "support_grant.create", SupportGrant.__tablename__, (
        (grant_id, None, {"programme_id": programme.id, "enterprise_id": clean["enterprise_id"],
                          "fair_id": clean["fair_id"], "content": clean["content"], "amount_vnd": clean["amount_vnd"],
                          "status": clean["status"], "source": source})
        for grant_id, clean in zip(ids, grants, strict=True)), now=now)
    record_audits(session, actor, "support_grant.over_budget", SupportGrant.__tablename__, (
        (grant_id, {"budget_vnd": check.budget, "committed_vnd": check.committed},
         {"committed_vnd": check.after, "overrun_vnd": check.overrun, "programme_id": programme.id})
        for grant_id, check in zip(ids, checks, strict=True) if check is not None and check.overrun), now=now)
    return ids


def get_grant(session, grant_id: int) -> SupportGrant:
    """A grant, or NotFound."""
    grant = session.get(SupportGrant, grant_id)
    if grant is None:
        raise NotFound(_("No such grant."))
    return grant


def change_grant_status(session, grant: SupportGrant, status: str, *, actor: User, now: datetime,
                        override: bool = False) -> SupportGrant:
    """Move a grant forward (planned → approved → disbursed), or cancel it until it is paid out (it stays, for the
    record, and commits nothing); committing it checks the budget."""
    require_manager(actor)
    if status not in GRANT_STATUSES:
        raise ValidationFailed([{"field": "status", "message": _(
            "The status is planned, approved, disbursed or cancelled.")}])
    if status not in GRANT_MOVES[grant.status]:
        raise Conflict(_("A grant only moves forward (planned, approved, disbursed) or is cancelled before it is "
                         "paid out."), field="status")
    check = None
    if status in COMMITTED_STATUSES and grant.status not in COMMITTED_STATUSES:
        check = check_budget(session, grant.programme, int(grant.amount_vnd))
        if check.overrun and not override:
            raise Conflict(_budget_refusal(check), field="status")
    before = {"status": grant.status}
    grant.status, grant.updated_at = status, now
    session.flush()
    record_audit(session, actor, "support_grant.status", grant, now=now, before=before, after={"status": status})
    if check is not None and check.overrun:
        _audit_override(session, actor, grant, check, now=now)
    return grant


def record_grant_by_codes(session, programme: SupportProgramme, values: dict, *, actor: User, now: datetime,
                          override: bool = False, confirm_other_province: bool = False) -> SupportGrant:
    """Record a grant named by the enterprise's tax code and the fair's code (the page's form)."""
    errors = []
    code = normalise_tax_code(values.get("enterprise_tax_code"))
    enterprise_id = session.scalar(sa.select(Enterprise.id).where(Enterprise.tax_code == code)) if code else None
    if enterprise_id is None:
        errors.append({"field": "enterprise_tax_code", "message": _("No enterprise has this tax code.")})
    fair_id = None
    if (values.get("fair_code") or "").strip():
        fair_id = session.scalar(sa.select(Fair.id).where(Fair.code == values["fair_code"].strip()))
        if fair_id is None:
            errors.append({"field": "fair_code", "message": _("No fair has this code.")})
    if errors:
        raise ValidationFailed(errors)
    return record_grant(session, {**values, "enterprise_id": enterprise_id, "fair_id": fair_id}, actor=actor,
                        now=now, override=override, programme=programme, confirm_other_province=confirm_other_province)
