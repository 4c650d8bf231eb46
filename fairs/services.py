"""Fair rules: creating, editing and moving fairs through their lifecycle."""

import re
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from core.audit import record_audit
from core.errors import Conflict, NotFound, ValidationFailed
from core.inputs import EARLIEST_FAIR_DAY, LATEST_FAIR_DAY
from core.pagination import page_items
from core.reference.provinces import resolve_province
from fairs.labels import (
    NEXT_STEPS,
    NEXT_STEPS_DUE,
    REOPEN_EFFECT,
    REOPEN_LABEL,
    STATUS_LABELS,
    STEP_EFFECTS,
    STEP_LABELS,
)
from fairs.lifecycle import PUBLIC_STATUSES, STATUSES, can_transition, can_undo, forward_status, next_statuses
from fairs.models import Fair
from fairs.signals import fair_status_changed
from fairs.work import step_notices

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,39}$")
EDITABLE_FIELDS = ("code", "name_vi", "name_en", "venue", "province", "starts_on", "ends_on",
                   "application_deadline")
_TEXT_LIMITS = {"name_vi": 200, "name_en": 200, "venue": 300}


def _snapshot(fair: Fair) -> dict:
    return {field: (value.isoformat() if isinstance(value, date) else value)
            for field in EDITABLE_FIELDS + ("status",)
            for value in [getattr(fair, field)]}


def _clean(values: dict) -> tuple[dict, list[dict]]:
    """Normalise and check a complete set of fair fields; return (clean values, errors)."""
    errors: list[dict] = []
    clean = dict(values)
    code = (values.get("code") or "").strip().upper()
    if not CODE_PATTERN.match(code):
        errors.append({"field": "code", "message": _(
            "The code must be 2 to 40 letters, digits, '-' or '_' (for example HN-GIFT-2026).")})
    clean["code"] = code
    for field, limit in _TEXT_LIMITS.items():
        text = (values.get(field) or "").strip()
        if not text:
            errors.append({"field": field, "message": _("This field is required.")})
        elif len(text) > limit:
            errors.append({"field": field, "message": _("At most %(n)d characters.", n=limit)})
        clean[field] = text
    province = resolve_province(values.get("province"))
    if province is None:
        errors.append({"field": "province", "message": _(
            "Unknown province: give one of the 34 provinces and cities (former names are accepted).")})
    else:
        clean["province"] = province.name_vi
    starts, ends, deadline = values.get("starts_on"), values.get("ends_on"), values.get("application_deadline")
    for field, value in (("starts_on", starts), ("ends_on", ends)):
        if not isinstance(value, date):
            errors.append({"field": field, "message": _("Enter a valid date.")})
    if deadline is not None and not isinstance(deadline, date):
        errors.append({"field": "application_deadline", "message": _("Enter a valid date.")})
    for field, value in (("starts_on", starts), ("ends_on", ends), ("application_deadline", deadline)):
        if isinstance(value, date) and not EARLIEST_FAIR_DAY <= value <= LATEST_FAIR_DAY:
            errors.append({"field": field, "message": _(
                "Give a date from %(first)s to %(last)s.", first=EARLIEST_FAIR_DAY.isoformat(),
                last=LATEST_FAIR_DAY.isoformat())})
    if isinstance(starts, date) and isinstance(ends, date) and starts > ends:
        errors.append({"field": "ends_on", "message": _("The fair cannot end before it starts.")})
    if isinstance(starts, date) and isinstance(deadline, date) and deadline > starts:
        errors.append({"field": "application_deadline", "message": _(
            "The application deadline must be on or before the first day of the fair.")})
    return clean, errors


def _ensure_code_free(session, code: str, fair_id: int | None) -> None:
    query = sa.select(Fair.id).where(Fair.code == code)
    if fair_id is not None:
        query = query.where(Fair.id != fair_id)
    if session.scalar(query) is not None:
        raise Conflict(_("A fair with the code %(code)s already exists.", code=code), field="code")


def _flush_or_conflict(session, code: str) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        # Two requests racing for one code: the unique constraint decides. Any other
        # violation is a bug the checks above should have caught, so it propagates.
        detail = str(error.orig)
        if "uq_fair_code" in detail or "fair.code" in detail:
            raise Conflict(_("A fair with the code %(code)s already exists.", code=code),
                           field="code") from error
        raise


def create_fair(session, values: dict, *, actor, now: datetime) -> Fair:
    """Create a draft fair after checking its fields, dates and province."""
    clean, errors = _clean(values)
    if errors:
        raise ValidationFailed(errors)
    _ensure_code_free(session, clean["code"], None)
    fair = Fair(**{field: clean.get(field) for field in EDITABLE_FIELDS},
                status="draft", created_at=now, updated_at=now)
    session.add(fair)
    _flush_or_conflict(session, fair.code)
    record_audit(session, actor, "fair.create", fair, now=now, after=_snapshot(fair))
    return fair


def update_fair(session, fair: Fair, changes: dict, *, actor, now: datetime) -> Fair:
    """Change some of a fair's fields (and its status, by the lifecycle rules)."""
    unknown = set(changes) - set(EDITABLE_FIELDS) - {"status"}
    if unknown:
        raise ValidationFailed([{"field": field, "message": _("Unknown field.")} for field in sorted(unknown)])
    if fair.status == "closed" and any(changes.get(f, getattr(fair, f)) != getattr(fair, f) for f in changes):
        raise Conflict(_("A closed fair is part of the record and can no longer be changed."))
    before = _snapshot(fair)
    status_before = fair.status
    merged = {field: changes.get(field, getattr(fair, field)) for field in EDITABLE_FIELDS}
    clean, errors = _clean(merged)
    if errors:
        raise ValidationFailed(errors)
    _ensure_code_free(session, clean["code"], fair.id)
    # Status first: a refused step must leave every field as it was.
    if "status" in changes and changes["status"] != fair.status:
        _move_status(fair, changes["status"])
    for field in EDITABLE_FIELDS:
        setattr(fair, field, clean[field])
    fair.updated_at = now
    _flush_or_conflict(session, fair.code)
    record_audit(session, actor, "fair.update", fair, now=now, before=before, after=_snapshot(fair))
    if fair.status != status_before:
        fair_status_changed.send(fair, session=session, before=status_before, actor=actor, now=now)
    return fair


def _move_status(fair: Fair, target: str) -> None:
    if target not in STATUSES:
        raise ValidationFailed([{"field": "status", "message": _("Unknown status.")}])
    if not can_transition(fair.status, target):
        raise Conflict(_("A fair cannot go from %(current)s to %(target)s.",
                         current=STATUS_LABELS[fair.status], target=STATUS_LABELS[target]),
                       field="status")
    fair.status = target


def change_fair_status(session, fair: Fair, target: str, *, actor, now: datetime) -> Fair:
    """Move a fair to `target` if the lifecycle allows it."""
    before = fair.status
    _move_status(fair, target)
    fair.updated_at = now
    session.flush()
    record_audit(session, actor, "fair.status", fair, now=now, before={"status": before},
                 after={"status": target})
    fair_status_changed.send(fair, session=session, before=before, actor=actor, now=now)
    return fair


@dataclass(frozen=True)
class FairStep:
    """A lifecycle step offered on the fair's page: what its button says, whether it is the step forward, what
    it does and whom it tells, and the question asked before it is taken (None: no question)."""

    status: str
    label: str
    primary: bool
    effect: str
    notices: list[str]
    confirm: str | None


def next_step(fair: Fair, today: date) -> str:
    """What the organizer does next with `fair`, in words: by its status, and whether its day has come (the
    deadline passed while open, the first day reached once published, the last day past while running)."""
    due = {"open": fair.application_deadline is not None and today > fair.application_deadline,
           "published": today >= fair.starts_on, "running": today > fair.ends_on}.get(fair.status, False)
    return str(NEXT_STEPS_DUE[fair.status] if due else NEXT_STEPS[fair.status])


def lifecycle_steps(session, fair: Fair) -> list[FairStep]:
    """The steps `fair` may take now, the step forward first; a step that cannot be undone or that e-mails
    people asks for confirmation and says who will be told."""
    forward = forward_status(fair.status)
    steps = []
    for target in sorted(next_statuses(fair.status), key=lambda status: status != forward):
        reopening = target != forward
        label = str(REOPEN_LABEL if reopening else STEP_LABELS[target])
        effect = str(REOPEN_EFFECT if reopening else STEP_EFFECTS[target])
        notices = step_notices(session, fair, target)
        confirm = None
        if notices or not can_undo(fair.status, target):
            parts = [_("%(step)s?", step=label), effect, *notices]
            if not can_undo(fair.status, target):
                parts.append(_("This cannot be undone."))
            confirm = " ".join(parts)
        steps.append(FairStep(status=target, label=label, primary=not reopening, effect=effect, notices=notices,
                              confirm=confirm))
    return steps


def list_fairs(session, *, include_unpublished: bool) -> list[Fair]:
    """Fairs, newest first; drafts only for those who may manage them."""
    query = sa.select(Fair).order_by(Fair.starts_on.desc(), Fair.id.desc())
    if not include_unpublished:
        query = query.where(Fair.status.in_(PUBLIC_STATUSES))
    return list(session.scalars(query))


def fairs_page(session, filters: dict, pagination, *, include_unpublished: bool) -> list[Fair]:
    """One API page of the fairs, newest first, filtered by status and year; drafts only for managers."""
    query = sa.select(Fair).order_by(Fair.starts_on.desc(), Fair.id.desc())
    if not include_unpublished:
        query = query.where(Fair.status.in_(PUBLIC_STATUSES))
    if filters.get("status"):
        query = query.where(Fair.status == filters["status"])
    if filters.get("year"):
        year = filters["year"]
        query = query.where(Fair.starts_on >= date(year, 1, 1), Fair.starts_on <= date(year, 12, 31))
    return page_items(session, query, pagination)


def list_upcoming_public_fairs(session, *, today: date) -> list[Fair]:
    """Public fairs that have not ended, soonest first."""
    return list(session.scalars(
        sa.select(Fair)
        .where(Fair.status.in_(PUBLIC_STATUSES), Fair.status != "closed", Fair.ends_on >= today)
        .order_by(Fair.starts_on, Fair.id)
    ))


def get_public_fair(session, code: str) -> Fair:
    """The fair with `code` if it is public; NotFound otherwise (drafts stay hidden)."""
    fair = session.scalar(sa.select(Fair).where(Fair.code == code.upper()))
    if fair is None or fair.status not in PUBLIC_STATUSES:
        raise NotFound(_("No such fair."))
    return fair


def get_visible_fair(session, fair_id: int, *, include_unpublished: bool) -> Fair:
    """The fair `fair_id` if the viewer may see it; NotFound otherwise."""
    fair = session.get(Fair, fair_id)
    if fair is None or (not include_unpublished and fair.status not in PUBLIC_STATUSES):
        raise NotFound(_("No such fair."))
    return fair


_FAIR_STATUS = sa.select(Fair.__table__.c.status).where(Fair.__table__.c.id == sa.bindparam("fair"))


def visible_fair_id(session, fair_id: int, *, include_unpublished: bool) -> int:
    """`fair_id` if the viewer may see that fair (NotFound otherwise), without loading it: for hot paths
    that need only the id (a gate check-in), one Core query instead of an ORM entity."""
    status = session.connection().execute(_FAIR_STATUS, {"fair": fair_id}).scalar()
    if status is None or (not include_unpublished and status not in PUBLIC_STATUSES):
        raise NotFound(_("No such fair."))
    return fair_id
