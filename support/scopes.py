"""An officer's province: the one province a reporting officer's support records and reports are limited to (set by
an administrator), and the grants a viewer may read under it.

The boundary itself is `enterprises.access` (which asks `officer_province` through the finder `support.setup`
registers): the grants of an officer bound to a province are those of its enterprises, former names included.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from accounts.models import User
from core.audit import record_audit
from core.errors import PermissionDenied, ValidationFailed
from core.reference.provinces import resolve_province
from enterprises.access import officer_enterprise_filter
from enterprises.models import Enterprise
from support.models import OfficerScope


def officer_province(session, user: User) -> str | None:
    """The province an officer's reports are limited to, or None for every province (and for other roles)."""
    if user is None or user.role != "officer":
        return None
    return session.scalar(sa.select(OfficerScope.province).where(OfficerScope.user_id == user.id))


def set_officer_province(session, officer: User, province: str | None, *, actor: User | None,
                         now: datetime) -> str | None:
    """Limit an officer's reports to one province (today's unit), or lift the limit with None."""
    if actor is not None and actor.role != "admin":
        raise PermissionDenied(_("Only administrators set an officer's province."))
    if officer.role != "officer":
        raise ValidationFailed([{"field": "email", "message": _("This user is not a reporting officer.")}])
    unit = resolve_province(province) if province else None
    if province and unit is None:
        raise ValidationFailed([{"field": "province", "message": _("Unknown province or city.")}])
    scope = session.get(OfficerScope, officer.id)
    before = {"province": scope.province if scope else None}
    if unit is None:
        if scope is not None:
            session.delete(scope)
    elif scope is None:
        session.add(OfficerScope(user_id=officer.id, province=unit.name_vi))
    else:
        scope.province = unit.name_vi
    session.flush()
    record_audit(session, actor, "officer_scope.set", officer, now=now, before=before,
                 after={"province": unit.name_vi if unit else None})
    return unit.name_vi if unit else None


def readable_grants(session, viewer: User | None, query: sa.Select) -> sa.Select:
    """`query` (of grants joined to their enterprise) kept to what `viewer` may read: an officer bound to a
    province sees its enterprises' grants only (the boundary of `enterprises.access`), everyone else all."""
    scope = officer_enterprise_filter(session, viewer, Enterprise.province)
    return query if scope is None else query.where(scope)
