"""Organizers racing for one booth: exactly one wins, because the database's unique booth id decides."""

import threading

import sqlalchemy as sa
from flask_babel import force_locale

from accounts.models import User
from booths.assignments import assign_booths
from booths.models import BoothApplication, BoothAssignment
from core.db import utcnow
from core.errors import Conflict
from core.extensions import db

RACERS = 8


def test_concurrent_assignments_of_one_booth_admit_exactly_one(app, session, make_user, make_booth,
                                                               make_application):
    """Eight threads, eight approved applications, one booth: one assignment is stored, seven are refused."""
    booth = make_booth(code="RACE-1")
    organizer_id = make_user(role="organizer").id
    application_ids = [make_application(fair=booth.hall.fair, status="approved", booths_requested=1).id
                       for _ in range(RACERS)]
    session.commit()
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def race(application_id: int) -> None:
        with app.app_context(), force_locale("en"):
            application = db.session.get(BoothApplication, application_id)
            actor = db.session.get(User, organizer_id)
            barrier.wait()
            try:
                assign_booths(db.session, application, ["RACE-1"], actor=actor, now=utcnow())
                db.session.commit()
                result = "won"
            except Conflict:
                db.session.rollback()
                result = "refused"
            except sa.exc.OperationalError:  # SQLite: "database is locked" past the busy timeout
                db.session.rollback()
                result = "refused"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=race, args=(application_id,)) for application_id in application_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    session.expire_all()
    assert sorted(outcomes) == ["refused"] * (RACERS - 1) + ["won"]
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == 1
