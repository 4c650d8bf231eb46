"""Test data factories: they add and flush, never commit."""

import itertools
from datetime import date, timedelta

from accounts.models import User
from booths.applications.models import BoothApplication
from booths.layout.models import Booth, Hall, Zone
from core.db import utcnow
from enterprises.models import Enterprise, EnterpriseMember
from fairs.models import Fair, FairStaff
from visitors.models import Visitor
from visitors.services import badge_in_force, badge_token

TEST_PASSWORD = "correct-horse-42"
_sequence = itertools.count(1)


def make_user(session, *, role: str = "exhibitor", email: str | None = None,
              password: str = TEST_PASSWORD, active: bool = True, confirmed: bool = True,
              display_name: str | None = None, locale: str = "vi") -> User:
    """A user with `role`; confirmed and active unless told otherwise."""
    number = next(_sequence)
    now = utcnow()
    user = User(
        email=email or f"{role}{number}@example.vn",
        display_name=display_name or f"{role.title()} {number}",
        role=role,
        locale=locale,
        active=active,
        created_at=now,
        email_confirmed_at=now if confirmed else None,
    )
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def assign_gate_staff(session, user: User, *fairs: Fair) -> User:
    """Assign a gate staff account to the gates of `fairs` (it works nowhere else)."""
    for fair in fairs:
        session.add(FairStaff(fair_id=fair.id, user_id=user.id, assigned_at=utcnow()))
    session.flush()
    return user


def make_fair(session, **over) -> Fair:
    """A fair in Hà Nội starting in 60 days, as a draft unless `status` is given."""
    number = next(_sequence)
    now = utcnow()
    starts = over.pop("starts_on", date.today() + timedelta(days=60))
    values = {
        "code": f"FAIR-{number}",
        "name_vi": f"Hội chợ thử nghiệm {number}",
        "name_en": f"Test fair {number}",
        "venue": "Cung Văn hóa Hữu nghị, 91 Trần Hưng Đạo",
        "province": "Hà Nội",
        "starts_on": starts,
        "ends_on": starts + timedelta(days=3),
        "application_deadline": starts - timedelta(days=20),
        "status": "draft",
        "created_at": now,
        "updated_at": now,
    }
    values.update(over)
    fair = Fair(**values)
    session.add(fair)
    session.flush()
    return fair


def make_hall(session, *, fair: Fair | None = None, **over) -> Hall:
    """A 60 × 40 m hall in a (new draft) fair."""
    number = next(_sequence)
    values = {"name": f"Hall {number}", "width_cm": 6000, "depth_cm": 4000}
    values.update(over)
    hall = Hall(fair=fair or make_fair(session), **values)
    session.add(hall)
    session.flush()
    return hall


def make_zone(session, *, fair: Fair, **over) -> Zone:
    """A domestic zone of `fair`."""
    number = next(_sequence)
    values = {"name_vi": f"Khu {number}", "name_en": f"Zone {number}", "kind": "domestic", "colour": "#e0a33a"}
    values.update(over)
    zone = Zone(fair_id=fair.id, **values)
    session.add(zone)
    session.flush()
    return zone


def make_booth(session, *, hall: Hall | None = None, zone: Zone | None = None, **over) -> Booth:
    """A 3 × 3 m booth at the next free spot of the first row (a new hall if none given)."""
    hall = hall or make_hall(session)
    zone = zone or make_zone(session, fair=hall.fair)
    number = next(_sequence)
    values = {"code": f"T-{number}", "x_cm": (number % 19) * 300, "y_cm": 0, "width_cm": 300, "depth_cm": 300,
              "booth_type": "standard", "price_vnd": 12_000_000}
    values.update(over)
    booth = Booth(fair_id=hall.fair_id, hall=hall, zone=zone, **values)
    session.add(booth)
    session.flush()
    return booth


def make_enterprise(session, *, owner: User | None = None, **over) -> Enterprise:
    """A Vietnamese handicraft enterprise in Hà Nội, owned by `owner` if given."""
    number = next(_sequence)
    now = utcnow()
    values = {"legal_name": f"Công ty Thủ công {number}", "name_en": f"Craft Company {number}", "kind": "enterprise",
              "country": "VN", "province": "Hà Nội", "sector": "handicraft", "is_rural_industry": False,
              "created_at": now, "updated_at": now}
    values.update(over)
    enterprise = Enterprise(**values)
    session.add(enterprise)
    session.flush()
    if owner is not None:
        session.add(EnterpriseMember(user_id=owner.id, enterprise_id=enterprise.id, role="owner", joined_at=now))
        session.flush()
    return enterprise


def make_application(session, *, fair: Fair | None = None, enterprise: Enterprise | None = None,
                     **over) -> BoothApplication:
    """A submitted application for 2 booths (a new open fair and enterprise if not given)."""
    now = utcnow()
    values = {"booths_requested": 2, "status": "submitted", "payment_status": "unpaid", "submitted_at": now,
              "created_at": now, "updated_at": now, "zone_preferences": [], "preferred_booths": [],
              "neighbour_enterprise_ids": [], "avoid_enterprise_ids": [], "staff_count": 2}
    values.update(over)
    application = BoothApplication(fair=fair or make_fair(session, status="open"),
                                   enterprise=enterprise or make_enterprise(session), **values)
    session.add(application)
    session.flush()
    return application


def link_token(app, session, visitor: Visitor) -> str:
    """The badge link key of the visitor's badge in force, as the app e-mails it."""
    return badge_token(visitor, badge_in_force(session, visitor), app.config["SECRET_KEY"],
                       days_after_fair=app.config["BADGE_LINK_DAYS_AFTER_FAIR"])
