"""Test data factories: they add and flush, never commit."""

import itertools
from datetime import date, timedelta

from accounts.models import User
from core.db import utcnow
from fairs.models import Fair

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
