"""An officer's province is a boundary: the one answer to "which enterprises' records may this user read?"
for officers, asked by every domain that shows enterprises, applications, contracts or their files.

Officers are bound to a province by the support domain (`OfficerScope`), which sits above enterprises: at
start-up it registers how to find an officer's province (`support/setup.py`). An officer without a province
reads every province; other roles are limited by their own rules (membership, management), not here.
"""

from collections.abc import Callable

import sqlalchemy as sa

from core.reference.provinces import resolve_province
from enterprises.models import Enterprise

# (session, user) -> the province an officer is bound to (today's unit), or None for every province
ProvinceFinder = Callable[[object, object], str | None]


def _unwired(session, user) -> str | None:
    raise RuntimeError("The officer's province finder is not registered (support.setup.init_support).")


_finder: dict[str, ProvinceFinder] = {"province": _unwired}


def register_officer_province(finder: ProvinceFinder) -> None:
    """Tell enterprises how to find an officer's province (called once at start-up)."""
    _finder["province"] = finder


def officer_bound_province(session, user) -> str | None:
    """The province an officer may read (today's unit), or None: not an officer, or bound to none."""
    if user is None or getattr(user, "role", None) != "officer":
        return None
    return _finder["province"](session, user)


def _same_unit(recorded: str | None, unit_name: str) -> bool:
    unit = resolve_province(recorded) if recorded else None
    return (unit.name_vi if unit is not None else recorded) == unit_name


def officer_may_read(session, user, enterprise: Enterprise) -> bool:
    """False only for an officer bound to a province other than the enterprise's (former names count as the
    unit that absorbed them)."""
    province = officer_bound_province(session, user)
    return province is None or _same_unit(enterprise.province, province)


def officer_enterprise_filter(session, user, column=Enterprise.province):
    """A WHERE clause keeping the rows of `column` (an enterprise's province) an officer may read, or None
    when the user is not a bound officer; any province name recorded, current or former, is matched."""
    province = officer_bound_province(session, user)
    if province is None:
        return None
    recorded = session.scalars(sa.select(Enterprise.province).where(Enterprise.province.is_not(None)).distinct())
    return column.in_([name for name in recorded if _same_unit(name, province)])
