"""Grants recorded at the same moment cannot together overcommit a programme: the programme's row decides."""

import threading

import sqlalchemy as sa

from core.db import utcnow
from core.errors import Conflict
from core.extensions import db
from support.models import SupportGrant, SupportProgramme
from support.projects import standing_project
from support.services import record_grant
from tests.races import first_reader_held, run_racers

WRITERS = 8


def test_concurrent_grants_commit_no_more_than_the_budget(app, session, make_programme, make_enterprise):
    """8 grants of 30 million each against 100 million, all at once: exactly 3 go in, 5 are refused."""
    programme = make_programme(budget_vnd=100_000_000)
    enterprises = [make_enterprise().id for _ in range(WRITERS)]
    session.commit()
    programme_id = programme.id
    barrier = threading.Barrier(WRITERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def grant(enterprise_id: int) -> None:
        with app.app_context():  # each thread: its own session and connection
            try:
                barrier.wait(timeout=60)
                try:
                    record_grant(db.session, {"enterprise_id": enterprise_id, "content": "training",
                                              "amount_vnd": 30_000_000, "status": "approved"},
                                 actor=None, now=utcnow(), programme=db.session.get(SupportProgramme, programme_id))
                    db.session.commit()
                    outcome = "recorded"
                except Conflict:
                    db.session.rollback()
                    outcome = "refused"
                with lock:
                    outcomes.append(outcome)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=grant, args=(enterprise_id,)) for enterprise_id in enterprises]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    session.expire_all()
    assert sorted(outcomes) == ["recorded"] * 3 + ["refused"] * 5
    total = session.scalar(sa.select(sa.func.sum(SupportGrant.amount_vnd)))
    assert total == 90_000_000


def _sums_committed(statement: str) -> bool:
    """check_budget's read: the programme's committed grants added up."""
    return statement.startswith("SELECT coalesce(sum(support_grant.amount_vnd)")


def _locks_programme(statement: str) -> bool:
    """check_budget's no-op write that holds the programme's row (PostgreSQL) or the write lock (SQLite)."""
    return statement.startswith("UPDATE support_programme")


def test_a_grant_held_after_adding_up_the_budget_makes_the_other_wait(app, session, make_programme,
                                                                      make_enterprise):
    """Two grants of 60 million against 100 million. The first to add the committed grants up is held there
    (by the test) until the other has added them up too or is about to take the programme's lock: with the
    lock the other waits, then sees 60 million committed and is refused; without it both saw 0 and both go
    in (120 million), every run."""
    programme = make_programme(budget_vnd=100_000_000)
    programme_id = programme.id
    enterprises = [make_enterprise().id for _ in range(2)]
    # The programme's training project exists already: the first grant of a content would otherwise make it
    # under the same programme lock (support/projects.py), and that lock alone would serialize the two grants.
    standing_project(session, programme, "training", now=utcnow())
    session.commit()

    def grant(enterprise_id: int):
        return lambda: record_grant(db.session, {"enterprise_id": enterprise_id, "content": "training",
                                                 "amount_vnd": 60_000_000, "status": "approved"},
                                    actor=None, now=utcnow(), programme=db.session.get(SupportProgramme, programme_id))

    outcomes = run_racers(app, [grant(enterprise_id) for enterprise_id in enterprises],
                          first_reader_held(db.engine, _sums_committed, _locks_programme))
    session.expire_all()
    assert outcomes == ["done", "refused"]
    assert session.scalar(sa.select(sa.func.sum(SupportGrant.amount_vnd))) == 60_000_000
