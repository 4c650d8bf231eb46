"""Finding whom to meet: the fair's exhibitors for a buyer, its registered trade buyers for an exhibitor.

Both lists search names without accents ("bat trang" finds "Bát Tràng") and filter by choices. An
exhibitor sees a buyer's name, organisation, country and the sectors they came for, never their e-mail
or phone; booth codes appear once the floor plan is published.
"""

import sqlalchemy as sa

from booths.applications.models import BoothApplication, BoothAssignment
from booths.applications.publication import booths_announced
from booths.layout.models import Booth
from contracts.meetings import BUYER_TYPES
from core.reference.provinces import resolve_province
from core.text import fold
from enterprises.models import Enterprise
from fairs.models import Fair
from visitors.models import Badge, Visitor

LIST_LIMIT = 60


def _unit(province: str | None) -> str | None:
    unit = resolve_province(province) if province else None
    return unit.name_vi if unit is not None else province


def find_exhibitors(session, fair: Fair, *, search: str = "", sector: str = "", province: str = "",
                    country: str = "") -> list[dict]:
    """The fair's exhibitors (approved applications) matching the filters, by name: {enterprise, booths}.

    `search` matches the name, the products or a booth code; `province` is today's unit (former names count).
    """
    query = (sa.select(Enterprise, BoothApplication.id)
             .join(BoothApplication, BoothApplication.enterprise_id == Enterprise.id)
             .where(BoothApplication.fair_id == fair.id, BoothApplication.status == "approved")
             .order_by(Enterprise.legal_name))
    if sector:
        query = query.where(Enterprise.sector == sector)
    if country:
        query = query.where(Enterprise.country == country.upper())
    rows = session.execute(query).all()
    codes: dict[int, list[str]] = {}
    if booths_announced(fair):
        for application_id, code in session.execute(
                sa.select(BoothAssignment.application_id, Booth.code).join(Booth, Booth.id == BoothAssignment.booth_id)
                .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
                .where(BoothApplication.fair_id == fair.id).order_by(Booth.code)):
            codes.setdefault(application_id, []).append(code)
    wanted, unit = fold(search), _unit(province) if province else None
    found = []
    for enterprise, application_id in rows:
        booths = codes.get(application_id, [])
        if unit and _unit(enterprise.province) != unit:
            continue
        text = " ".join(filter(None, (enterprise.legal_name, enterprise.name_en, enterprise.products, *booths)))
        if wanted and wanted not in fold(text):
            continue
        found.append({"enterprise": enterprise, "booths": booths})
    return found


def exhibitor_facets(session, fair: Fair) -> dict[str, list[str]]:
    """The sectors, provinces (today's units) and countries of the fair's exhibitors: the filters' choices."""
    rows = session.execute(sa.select(Enterprise.sector, Enterprise.province, Enterprise.country).join(
        BoothApplication, BoothApplication.enterprise_id == Enterprise.id).where(
        BoothApplication.fair_id == fair.id, BoothApplication.status == "approved").distinct()).all()
    return {"sector": sorted({sector for sector, _p, _c in rows if sector}),
            "province": sorted({_unit(province) for _s, province, _c in rows if province}),
            "country": sorted({country for _s, _p, country in rows if country})}


def find_buyers(session, fair: Fair, *, search: str = "", sector: str = "", country: str = "") -> list[Visitor]:
    """The fair's trade buyers and VIPs with a badge in force, matching the filters, by name (at most LIST_LIMIT)."""
    query = (sa.select(Visitor).join(Badge, Badge.visitor_id == Visitor.id)
             .where(Visitor.fair_id == fair.id, Visitor.visitor_type.in_(BUYER_TYPES), Badge.revoked_at.is_(None))
             .order_by(Visitor.full_name, Visitor.id))
    if country:
        query = query.where(Visitor.country == country.upper())
    wanted = fold(search)
    found = []
    for visitor in session.scalars(query):
        if sector and sector not in (visitor.sectors or []):
            continue
        if wanted and wanted not in fold(" ".join(filter(None, (visitor.full_name, visitor.organisation)))):
            continue
        found.append(visitor)
        if len(found) >= LIST_LIMIT:
            break
    return found


def buyer_countries(session, fair: Fair) -> list[str]:
    """The countries the fair's trade buyers come from: the filter's choices."""
    return sorted(filter(None, session.scalars(sa.select(Visitor.country).where(
        Visitor.fair_id == fair.id, Visitor.visitor_type.in_(BUYER_TYPES)).distinct())))
