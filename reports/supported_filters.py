"""What the supported-enterprise report covers: its filters, its period, and the grants it counts, as SQL.

Support counted is what is committed (approved and disbursed grants); planned grants are intentions. Provinces are
today's units: an enterprise recorded under a former name counts under the unit that absorbed it.

One rule of dates for support and outcomes: the report's period is the chosen year (or the programme's year), or the
chosen fair; a grant counts when the fair it pays for opens in the period (a grant for no fair, when it was recorded,
in Vietnam), and booths, contracts, meetings and leads count when their fair opens in the period.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _

from core.errors import PermissionDenied, ValidationFailed
from core.inputs import INT32_MAX
from core.reference.countries import country_name
from core.reference.provinces import names_of_same_unit, resolve_province
from enterprises.models import Enterprise
from fairs.models import Fair
from support.models import SupportGrant, SupportProgramme
from support.vocabulary import COMMITTED_STATUSES

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class ReportFilters:
    """What the report covers; None means no restriction."""

    fair_id: int | None = None
    programme_id: int | None = None
    year: int | None = None
    province: str | None = None  # today's unit


def parse_filters(args, *, scope_province: str | None = None) -> ReportFilters:
    """Filters from query arguments; a province-bound officer is held to that province."""
    errors = []

    def number(name):
        text = (args.get(name) or "").strip()
        if not text:
            return None
        # ASCII digits only ("²".isdigit() is true), and no id past the database's integer.
        if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= INT32_MAX):
            errors.append({"field": name, "message": _("A whole number.")})
            return None
        return int(text)

    fair_id, programme_id, year = number("fair_id"), number("programme_id"), number("year")
    if year is not None and not 2000 <= year <= 2100:
        errors.append({"field": "year", "message": _("A year from 2000 to 2100.")})
        year = None
    text = (args.get("province") or "").strip()
    unit = resolve_province(text) if text else None
    if text and unit is None:
        errors.append({"field": "province", "message": _("Unknown province or city.")})
    if errors:
        raise ValidationFailed(errors)
    province = unit.name_vi if unit else None
    if scope_province:
        if province and province != scope_province:
            raise PermissionDenied(_("Your reports are limited to %(province)s.", province=scope_province))
        province = scope_province
    return ReportFilters(fair_id, programme_id, year, province)


@lru_cache(maxsize=512)
def today_unit(recorded: str | None) -> str:
    """Today's unit for a recorded province name (former names included); the name itself if unknown."""
    unit = resolve_province(recorded)
    return unit.name_vi if unit else (recorded or "—")


def unit_of(province: str | None, country: str, language: str) -> str:
    """Where an enterprise counts in the report: today's province for a Vietnamese one, else its country's name."""
    return today_unit(province) if country == "VN" else country_name(country, language)


Window = tuple[int | None, tuple[date, date] | None]


def report_window(session, filters: ReportFilters) -> Window:
    """The fair, or the dates of the year whose support and outcomes count."""
    if filters.fair_id:
        return filters.fair_id, None
    year = filters.year
    if year is None and filters.programme_id:
        year = session.scalar(sa.select(SupportProgramme.year).where(SupportProgramme.id == filters.programme_id))
    return None, ((date(year, 1, 1), date(year, 12, 31)) if year else None)


def report_period(session, filters: ReportFilters, window: Window | None = None) -> tuple[date, date] | None:
    """The first and last day the report covers: the fair's days, the year, or None for every date."""
    fair_id, dates = window or report_window(session, filters)
    if fair_id:
        fair = session.get(Fair, fair_id)
        return (fair.starts_on, fair.ends_on) if fair else None
    return dates


def in_window(query, fair_column, window: Window):
    """`query` kept to the rows of `fair_column` whose fair is the report's, or opens in its period."""
    fair_id, dates = window
    if fair_id:
        return query.where(fair_column == fair_id)
    if dates:
        return query.join(Fair, Fair.id == fair_column).where(Fair.starts_on.between(*dates))
    return query


def _vietnam_day_start(day: date) -> datetime:
    return datetime.combine(day, time(), VIETNAM).astimezone(UTC)


def province_condition(session, province: str):
    """A WHERE clause on `Enterprise` keeping the Vietnamese enterprises recorded under any name of `province`
    (today's unit or a former one: the handful of distinct names recorded, resolved here, then IN)."""
    recorded = session.scalars(sa.select(Enterprise.province).where(Enterprise.province.is_not(None)).distinct())
    return sa.and_(Enterprise.country == "VN", Enterprise.province.in_(names_of_same_unit(province, recorded)))


@dataclass(frozen=True)
class Selection:
    """The grants the report counts (a subquery: id, enterprise_id, programme_id, fair_id, content, amount_vnd),
    the window their outcomes are read in, and the condition on `Enterprise` of the province (or None)."""

    filters: ReportFilters
    window: Window
    grants: sa.Subquery
    enterprise_clause: sa.ColumnElement | None = None

    def enterprise_ids(self) -> sa.Select:
        """The supported enterprises, each once: SELECT DISTINCT enterprise_id of the selected grants."""
        return sa.select(self.grants.c.enterprise_id).distinct()


def select_grants(session, filters: ReportFilters) -> Selection:
    """The committed grants of the filters: the fair, the programme, the period (by the one rule of dates) and the
    province (today's unit, Vietnamese enterprises only): every figure of the report is read through it."""
    window = report_window(session, filters)
    query = (sa.select(SupportGrant.id, SupportGrant.enterprise_id, SupportGrant.programme_id, SupportGrant.fair_id,
                       SupportGrant.content, SupportGrant.amount_vnd)
             .where(SupportGrant.status.in_(COMMITTED_STATUSES)))
    if filters.fair_id:
        query = query.where(SupportGrant.fair_id == filters.fair_id)
    if filters.programme_id:
        query = query.where(SupportGrant.programme_id == filters.programme_id)
    _fair, dates = window
    if dates:  # a grant counts on its fair's opening day, or (for no fair) the day it was recorded in Vietnam
        query = query.outerjoin(Fair, Fair.id == SupportGrant.fair_id).where(sa.or_(
            sa.and_(SupportGrant.fair_id.is_not(None), Fair.starts_on.between(*dates)),
            sa.and_(SupportGrant.fair_id.is_(None), SupportGrant.created_at >= _vietnam_day_start(dates[0]),
                    SupportGrant.created_at < _vietnam_day_start(dates[1] + timedelta(days=1)))))
    clause = province_condition(session, filters.province) if filters.province else None
    if clause is not None:
        query = query.join(Enterprise, Enterprise.id == SupportGrant.enterprise_id).where(clause)
    return Selection(filters, window, query.subquery("selected_grant"), clause)
