"""An import issues its badges in one statement: random serials, none twice and none a badge of the fair already
has (the unique constraint would refuse the whole import)."""

import itertools

import sqlalchemy as sa
from flask_babel import force_locale

from core.db import utcnow
from visitors import services
from visitors.imports import import_visitors
from visitors.models import Badge, Visitor
from visitors.services import current_badge


def test_imported_badges_skip_a_serial_drawn_twice_or_already_taken(session, running_fair, registered, make_user,
                                                                     monkeypatch):
    """The draws give the serial of a badge on file, twice, then 42, 43, 44…: the three new visitors get 42 to 44."""
    visitor, _code = registered()
    taken = current_badge(session, visitor).serial
    draws = itertools.chain([taken - 1, taken - 1], itertools.count(41))
    monkeypatch.setattr(services.secrets, "randbelow", lambda _limit: next(draws))
    rows = [{"full_name": f"Khách {n}", "email": f"k{n}@ex.vn", "country": "VN", "province": "Huế",
             "visitor_type": "trade_buyer"} for n in range(3)]
    with force_locale("en"):
        assert import_visitors(session, running_fair, rows, actor=make_user(role="organizer"), now=utcnow()) == 3
    session.commit()
    imported = session.scalars(sa.select(Badge.serial).join(Visitor, Visitor.id == Badge.visitor_id)
                               .where(Visitor.source == "import")).all()
    assert sorted(imported) == [42, 43, 44]
    assert session.scalar(sa.select(sa.func.count()).select_from(Badge)) == 4
