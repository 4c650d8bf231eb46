"""The one place that commits a scan (the API and the scanner page both call it).

SQLite lets one writer in at a time and refuses a writer whose snapshot went stale ("database is
locked"): retried, as is a scan whose PostgreSQL connection was lost (a server restart). A nonce
already stored (a scanner retrying, or a concurrent request) means "replay": the attempt is rolled
back and the stored answer given.
"""

import time
from datetime import datetime

from flask import current_app
from sqlalchemy.exc import OperationalError

from accounts.models import User
from core.auth import ApiCaller
from core.db import utcnow
from core.extensions import db
from fairs.services import visible_fair_id
from visitors.checkin_sql import NonceTaken, ReferenceGone
from visitors.checkins import note_offline_verdict, record_scan, replayed_answer

ATTEMPTS = 5


def scan_and_commit(fair_id: int, *, code: str, gate: str, nonce: str, scanned_at: datetime | None,
                    actor: User | ApiCaller | None, offline_result: str | None = None) -> dict:
    """Record one scan in its own transaction, retrying a lost write race; the verdict. A scan queued offline
    (`offline_result`: what the scanner said then) has that verdict noted beside it afterwards."""
    answer = _scan_and_commit(fair_id, code=code, gate=gate, nonce=nonce, scanned_at=scanned_at, actor=actor)
    if offline_result is not None:
        note_offline_verdict(db.session, fair_id, nonce, offline_result)
        db.session.commit()
    return answer


def _scan_and_commit(fair_id: int, *, code: str, gate: str, nonce: str, scanned_at: datetime | None,
                     actor: User | ApiCaller | None) -> dict:
    for attempt in range(ATTEMPTS):
        try:
            answer = record_scan(db.session, fair_id, code=code, gate=gate, nonce=nonce, scanned_at=scanned_at,
                                 actor=actor, now=utcnow(), timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
                                 engine=db.engine)
            # A genuine badge's scan usually commits itself; the session has something to commit otherwise.
            if db.session.registry.has() and db.session().in_transaction():
                db.session.commit()
            return answer
        except NonceTaken:
            db.session.rollback()
            answer = replayed_answer(db.session, fair_id, nonce, code=code, gate=gate,
                                     timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"], now=utcnow())
            db.session.commit()
            if answer is not None:
                return answer
            if attempt == ATTEMPTS - 1:  # the scan holding the nonce vanished meanwhile, every time
                raise
        except ReferenceGone:  # a fair deleted under a cached key: 404 (asked after the rollback)
            db.session.rollback()
            visible_fair_id(db.session, fair_id, include_unpublished=True)
            raise
        except OperationalError:
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")
