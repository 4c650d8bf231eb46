"""Publishing the floor plan: every exhibitor with booths is e-mailed its booth codes and the map."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from accounts.models import User
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from booths.layout.plans import plan_published
from core.mail import queue_mail
from core.urls import external_url
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair


def booths_announced(fair: Fair) -> bool:
    """Exhibitors see their booth codes once the floor plan is published."""
    return plan_published(fair)


def _readers(session, enterprise: Enterprise) -> list[tuple[str, str]]:
    """(e-mail, language) of the enterprise's active members, or its own address in Vietnamese."""
    rows = session.execute(sa.select(User.email, User.locale)
                           .join(EnterpriseMember, EnterpriseMember.user_id == User.id)
                           .where(EnterpriseMember.enterprise_id == enterprise.id, User.active.is_(True))).all()
    readers = [(email, locale or "vi") for email, locale in rows]
    if not readers and enterprise.email:
        readers = [(enterprise.email, "vi")]
    return readers


def notify_booth_holders(session, fair: Fair, *, now: datetime) -> int:
    """Queue one e-mail per member of each enterprise holding booths: its codes and the map; the count queued."""
    rows = session.execute(
        sa.select(BoothApplication, Booth.code).join(BoothAssignment, BoothAssignment.application_id ==
                                                     BoothApplication.id)
        .join(Booth, Booth.id == BoothAssignment.booth_id)
        .where(BoothApplication.fair_id == fair.id).order_by(BoothApplication.id, Booth.code)).all()
    codes: dict[int, list[str]] = {}
    applications: dict[int, BoothApplication] = {}
    for application, code in rows:
        applications[application.id] = application
        codes.setdefault(application.id, []).append(code)
    queued = 0
    for application_id, booth_codes in codes.items():
        enterprise = applications[application_id].enterprise
        for email, language in _readers(session, enterprise):
            with force_locale(language):
                map_url = external_url("booths.public_plan", code=fair.code, exhibitor=enterprise.id)
                subject = _("%(fair)s: your booths %(codes)s", fair=fair.code, codes=", ".join(booth_codes))
                body = _("Hello,\n\nThe floor plan of %(fair)s is published. %(enterprise)s exhibits at booth(s) "
                         "%(codes)s.\n\nSee them on the map: %(url)s\nYour applications: %(portal)s",
                         fair=fair.name(language), enterprise=enterprise.legal_name, codes=", ".join(booth_codes),
                         url=map_url, portal=external_url("booths.portal"))
            queue_mail(session, email, subject, body, now=now)
            queued += 1
    return queued


def on_fair_status_changed(fair: Fair, *, session, before: str, actor, now: datetime) -> None:
    """When the plan is published, tell every exhibitor its booths."""
    if fair.status == "published" and before != "published":
        notify_booth_holders(session, fair, now=now)


def step_notices(session, fair: Fair, target: str) -> list[str]:
    """What a step of `fair` means for exhibitors: whom publishing e-mails, what allocation leaves undecided."""
    if target == "published":
        holders = session.scalar(sa.select(sa.func.count(sa.distinct(BoothAssignment.application_id)))
                                 .join(BoothApplication, BoothApplication.id == BoothAssignment.application_id)
                                 .where(BoothApplication.fair_id == fair.id)) or 0
        notices = [ngettext("%(num)d exhibitor will be e-mailed its booths.",
                            "%(num)d exhibitors will be e-mailed their booths.", holders)]
        without = session.scalar(sa.select(sa.func.count(BoothApplication.id)).where(
            BoothApplication.fair_id == fair.id, BoothApplication.status == "approved",
            ~sa.exists().where(BoothAssignment.application_id == BoothApplication.id))) or 0
        if without:
            notices.append(ngettext("%(num)d approved application has no booth yet.",
                                    "%(num)d approved applications have no booth yet.", without))
        return notices
    if target == "allocating":
        undecided = session.scalar(sa.select(sa.func.count(BoothApplication.id)).where(
            BoothApplication.fair_id == fair.id, BoothApplication.status == "submitted")) or 0
        if undecided:
            return [ngettext("%(num)d application still waits for a decision.",
                             "%(num)d applications still wait for a decision.", undecided)]
    return []
