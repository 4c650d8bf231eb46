"""Racing for booths (organizers, allocation commits): the database's unique booth id decides, every time."""

import threading

import sqlalchemy as sa
from flask_babel import force_locale

from accounts.models import User
from booths.allocation.models import AllocationRun
from booths.allocation.runs import commit_run, run_allocation
from booths.applications.assignments import assign_booths
from booths.applications.models import BoothApplication, BoothAssignment
from booths.layout.models import Booth
from core.db import utcnow
from core.errors import Conflict, DomainError
from core.extensions import db
from tests.races import all_read_before_any_writes, run_racers

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


def test_two_commits_and_a_manual_move_racing_never_share_a_booth(app, session, oversubscribed_fair):
    """Two previews over the same booths and a manual assignment of one of them, all at once: whatever wins,
    every booth is stored once and each winner got all of its booths (a refused commit stores nothing)."""
    fair, organizer = oversubscribed_fair
    with force_locale("en"):
        first = run_allocation(session, fair, seed=1, dry_run=True, actor=organizer, now=utcnow())
        second = run_allocation(session, fair, seed=2, dry_run=True, actor=organizer, now=utcnow())
    first_booths = {b for booths in first.proposal.values() for b in booths}
    second_booths = {b for booths in second.proposal.values() for b in booths}
    contested = sorted(first_booths & second_booths)
    assert contested, "the two previews must compete for booths"
    target = session.get(Booth, contested[0])
    manual_app = session.get(BoothApplication, int(next(iter(first.proposal))))
    # Plain values only: the threads must not touch this session's objects.
    run_ids, manual_id, organizer_id = (first.id, second.id), manual_app.id, organizer.id
    target_id, target_code = target.id, target.code
    session.commit()
    barrier = threading.Barrier(3)
    outcomes: dict[str, str] = {}

    def attempt(name: str, work) -> None:
        with app.app_context(), force_locale("en"):
            actor = db.session.get(User, organizer_id)
            barrier.wait()
            try:
                work(actor)
                db.session.commit()
                outcomes[name] = "won"
            except (DomainError, sa.exc.OperationalError):  # taken, stale, or no longer fitting the rules
                db.session.rollback()
                outcomes[name] = "refused"
            finally:
                db.session.remove()

    def committing(run_id):
        return lambda actor: commit_run(db.session, db.session.get(AllocationRun, run_id), actor=actor, now=utcnow())

    def moving(actor):
        assign_booths(db.session, db.session.get(BoothApplication, manual_id), [target_code], actor=actor,
                      now=utcnow())

    threads = [threading.Thread(target=attempt, args=("first", committing(run_ids[0]))),
               threading.Thread(target=attempt, args=("second", committing(run_ids[1]))),
               threading.Thread(target=attempt, args=("manual", moving))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    session.expire_all()
    rows = session.execute(sa.select(BoothAssignment.booth_id, BoothAssignment.run_id)).all()
    assert len(rows) == len({booth for booth, _run in rows}), "a booth was given twice"
    assert "won" in outcomes.values() and len(outcomes) == 3
    assert not (outcomes["first"] == outcomes["second"] == "won")
    expected = set()
    for name, booths in (("first", first_booths), ("second", second_booths)):
        if outcomes[name] == "won":
            expected |= booths
    if outcomes["manual"] == "won":
        expected.add(target_id)
    assert {booth for booth, _run in rows} == expected


def _reads_taken_booths(statement: str) -> bool:
    """assign_booths' look-up of the wanted booths already assigned: the read a racer decides on."""
    return statement.startswith("SELECT booth.code") and "JOIN booth_assignment" in statement


def test_two_organizers_who_both_saw_the_booth_free_cannot_both_get_it(app, session, make_user, make_booth,
                                                                        make_application):
    """Both organizers' services have looked the booth up and found it free before either writes (held there
    by the test): only the unique booth key can refuse the second. Without it both win, every run."""
    make_booth(code="RACE-2")
    booth = session.scalars(sa.select(Booth).where(Booth.code == "RACE-2")).one()
    organizer_id = make_user(role="organizer").id
    application_ids = [make_application(fair=booth.hall.fair, status="approved", booths_requested=1).id
                       for _ in range(2)]
    session.commit()

    def assign(application_id: int):
        return lambda: assign_booths(db.session, db.session.get(BoothApplication, application_id), ["RACE-2"],
                                     actor=db.session.get(User, organizer_id), now=utcnow())

    outcomes = run_racers(app, [assign(application_id) for application_id in application_ids],
                          all_read_before_any_writes(db.engine, _reads_taken_booths, 2), timeout=60)
    session.expire_all()
    assert outcomes == ["done", "refused"]
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == 1
