"""The check-in of a genuine badge of the fair, in SQL written for each database: the gate's hot path.

A busy gate sends a scan every few milliseconds, and a scan through the ORM or even SQLAlchemy Core
cost three times what the rest of the request did. Here the statements are built once and run on the
driver's connection (sqlite3 or psycopg), with SQLAlchemy's own column types converting values, so the
rows read and written are exactly the ORM's.

- PostgreSQL: ONE statement, in autocommit mode (its own transaction) or in the caller's: find the badge,
  its visitor and the day's admission; insert the admission if there is none (the unique (visitor, day)
  key decides a race); store the scan with its verdict. One round trip instead of five. A nonce already
  stored breaks the scan's unique key, which undoes the whole statement, admission included. A scan that
  lost the admission race to a concurrent one is stored by a second statement, which sees the winner.
- SQLite (no INSERT inside WITH): the same steps as up to four statements in one transaction (in-process,
  a statement costs no round trip).

Either way the caller learns "replay" from `NonceTaken` and "the fair is gone" from `ReferenceGone`.
"""

from dataclasses import dataclass
from datetime import date, datetime

import psycopg

from visitors.models import Admission, Scan

VISITOR_FACTS = ("id", "full_name", "organisation", "visitor_type", "country", "province")


class NonceTaken(Exception):
    """A scan with this nonce is already stored (a retried request, or a concurrent one): replay it."""


class ReferenceGone(Exception):
    """A row the scan refers to is gone (a foreign key failed): the fair, deleted since its key was cached."""


@dataclass(frozen=True)
class GateScan:
    """One scan of a genuine badge of fair `fair_id` (its signature checked), to be recorded."""

    fair_id: int
    serial: int
    code: str
    gate: str
    nonce: str
    scanned_at: datetime
    received_at: datetime
    day: date
    scanned_by_id: int | None


@dataclass(frozen=True)
class GateOutcome:
    """What the database decided: the verdict, the visitor's facts (None if the badge was never issued),
    and the day's first entry if the visitor was already admitted."""

    result: str
    visitor: dict | None
    first_admitted_at: datetime | None
    first_gate: str | None


def _found(place) -> str:
    """The badge, its visitor and the visitor's admission on the scan's day, if any."""
    return (f"SELECT badge.revoked_at, visitor.id, visitor.full_name, visitor.organisation, visitor.visitor_type, "
            f"visitor.country, visitor.province, admission.admitted_at AS first_at, admission.gate AS first_gate "
            f"FROM badge JOIN visitor ON visitor.id = badge.visitor_id "
            f"LEFT JOIN admission ON admission.visitor_id = badge.visitor_id AND admission.day = {place('day')} "
            f"WHERE badge.fair_id = {place('fair_id')} AND badge.serial = {place('serial')}")


_SCAN_COLUMNS = ("fair_id, nonce, gate, code, result, visitor_id, serial, first_admitted_at, first_gate, "
                 "scanned_at, received_at, scanned_by_id")


def _postgresql_place(name: str) -> str:
    return f"%({name})s"


def _sqlite_place(name: str) -> str:
    return f":{name}"


_P = _postgresql_place
POSTGRESQL_CHECK_IN = f"""
WITH found AS ({_found(_P)}),
admitted AS (
    INSERT INTO admission (fair_id, visitor_id, day, gate, admitted_at)
    SELECT {_P('fair_id')}, id, {_P('day')}, {_P('gate')}, {_P('scanned_at')} FROM found
    WHERE revoked_at IS NULL AND first_at IS NULL
    ON CONFLICT (visitor_id, day) DO NOTHING
    RETURNING visitor_id
),
verdict AS (
    SELECT found.*, CASE WHEN found.id IS NULL THEN 'invalid'
                         WHEN found.revoked_at IS NOT NULL THEN 'revoked'
                         WHEN EXISTS (SELECT FROM admitted) THEN 'admitted'
                         ELSE 'already_admitted' END AS result,
           -- Lost a race: another scan admitted the visitor after this statement's snapshot was taken.
           found.id IS NOT NULL AND found.revoked_at IS NULL AND found.first_at IS NULL
               AND NOT EXISTS (SELECT FROM admitted) AS lost_race
    FROM (VALUES (1)) AS one LEFT JOIN found ON true
),
stored AS (
    INSERT INTO scan ({_SCAN_COLUMNS})
    SELECT {_P('fair_id')}, {_P('nonce')}, {_P('gate')}, {_P('code')}, result, id, {_P('serial')}, first_at,
           first_gate, {_P('scanned_at')}, {_P('received_at')}, CAST({_P('scanned_by_id')} AS integer) FROM verdict
    WHERE NOT lost_race
)
SELECT result, id, full_name, organisation, visitor_type, country, province, first_at, first_gate, lost_race
FROM verdict"""
# The scan that lost the race is stored by a statement of its own, which sees the winner's admission and copies
# its time and gate: the scan is never stored without them (if this statement never runs, the scanner's
# retry with the same nonce is answered afresh).
POSTGRESQL_STORE_AFTER_LOST_RACE = f"""
INSERT INTO scan ({_SCAN_COLUMNS})
SELECT {_P('fair_id')}, {_P('nonce')}, {_P('gate')}, {_P('code')}, 'already_admitted', visitor_id, {_P('serial')},
       admitted_at, gate, {_P('scanned_at')}, {_P('received_at')}, CAST({_P('scanned_by_id')} AS integer)
FROM admission WHERE visitor_id = {_P('visitor_id')} AND day = {_P('day')}
RETURNING first_admitted_at, first_gate"""

_S = _sqlite_place
SQLITE_FOUND = _found(_S)
SQLITE_ADMIT = (f"INSERT INTO admission (fair_id, visitor_id, day, gate, admitted_at) "
                f"VALUES ({_S('fair_id')}, {_S('visitor_id')}, {_S('day')}, {_S('gate')}, {_S('scanned_at')}) "
                f"ON CONFLICT (visitor_id, day) DO NOTHING RETURNING id")
SQLITE_FIRST_ADMISSION = (f"SELECT admitted_at, gate FROM admission "
                          f"WHERE visitor_id = {_S('visitor_id')} AND day = {_S('day')}")
SQLITE_STORE = (f"INSERT INTO scan ({_SCAN_COLUMNS}) VALUES ({_S('fair_id')}, {_S('nonce')}, {_S('gate')}, "
                f"{_S('code')}, {_S('result')}, {_S('visitor_id')}, {_S('serial')}, {_S('first_at')}, "
                f"{_S('first_gate')}, {_S('scanned_at')}, {_S('received_at')}, {_S('scanned_by_id')}) "
                f"ON CONFLICT (fair_id, nonce) DO NOTHING RETURNING id")


class _Values:
    """SQLAlchemy's conversions of the dates and times these statements read and write, for one dialect:
    what the ORM would store (on SQLite, text in its format) and read back (aware UTC times)."""

    def __init__(self, dialect):
        moment = Scan.__table__.c.scanned_at.type.dialect_impl(dialect)
        day = Admission.__table__.c.day.type.dialect_impl(dialect)
        self.moment = moment.bind_processor(dialect) or (lambda value: value)
        self.day = day.bind_processor(dialect) or (lambda value: value)
        self.read_moment = moment.result_processor(dialect, None) or (lambda value: value)


_VALUES: dict[str, _Values] = {}


def _values(dialect) -> _Values:
    values = _VALUES.get(dialect.name)
    if values is None:
        values = _VALUES[dialect.name] = _Values(dialect)
    return values


def _parameters(scan: GateScan, values: _Values) -> dict:
    return {"fair_id": scan.fair_id, "serial": scan.serial, "code": scan.code, "gate": scan.gate, "nonce": scan.nonce,
            "scanned_at": values.moment(scan.scanned_at), "received_at": values.moment(scan.received_at),
            "day": values.day(scan.day), "scanned_by_id": scan.scanned_by_id}


def _facts(row) -> dict | None:
    """The visitor's facts from columns 1 to 6 of a row (None when the badge was never issued)."""
    return None if row[1] is None else dict(zip(VISITOR_FACTS, row[1:7], strict=True))


def check_in_postgresql(connection, dialect, scan: GateScan) -> GateOutcome:
    """Record `scan` with one statement on a psycopg connection (two if it lost the admission race): in
    autocommit mode, or in the caller's transaction, which an error leaves aborted (the caller rolls back)."""
    values = _values(dialect)
    parameters = _parameters(scan, values)
    row = _postgresql_store(connection, POSTGRESQL_CHECK_IN, parameters, scan)
    result, first_at, first_gate = row[0], row[7], row[8]
    if row[9]:  # lost the race
        stored = _postgresql_store(connection, POSTGRESQL_STORE_AFTER_LOST_RACE,
                                   {**parameters, "visitor_id": row[1]}, scan)
        if stored is None:  # the winner's admission vanished meanwhile: its visitor was deleted
            raise ReferenceGone(scan.fair_id)
        first_at, first_gate = stored
    return GateOutcome(result, _facts(row), values.read_moment(first_at), first_gate)


def _postgresql_store(connection, statement: str, parameters: dict, scan: GateScan):
    """Run a statement that stores the scan; its first row. NonceTaken and ReferenceGone for those keys."""
    try:
        return connection.execute(statement, parameters).fetchone()
    except psycopg.errors.UniqueViolation as error:
        if error.diag.constraint_name == "uq_scan_fair_nonce":
            raise NonceTaken(scan.nonce) from error
        raise
    except psycopg.errors.ForeignKeyViolation as error:
        raise ReferenceGone(scan.fair_id) from error


def check_in_sqlite(connection, dialect, scan: GateScan) -> GateOutcome:
    """Record `scan` on an sqlite3 connection, in its transaction (the caller commits or rolls back): find the
    badge, admit, read a first admission that won a race, store the scan."""
    try:
        return _check_in_sqlite(connection, _values(dialect), scan)
    except connection.IntegrityError as error:
        if "FOREIGN KEY" in str(error):  # the fair's row is gone (or the visitor's)
            raise ReferenceGone(scan.fair_id) from error
        raise


def _check_in_sqlite(connection, values: _Values, scan: GateScan) -> GateOutcome:
    parameters = _parameters(scan, values)
    row = connection.execute(SQLITE_FOUND, parameters).fetchone()
    first_at = first_gate = None
    if row is None:
        result = "invalid"  # signed with the fair's key but never issued: a forgery
    elif row[0] is not None:
        result = "revoked"
    elif row[7] is not None:
        result, first_at, first_gate = "already_admitted", row[7], row[8]
    elif connection.execute(SQLITE_ADMIT, {**parameters, "visitor_id": row[1]}).fetchone() is not None:
        result = "admitted"
    else:  # another scan admitted the visitor since we looked: the unique key decided, read its answer
        result = "already_admitted"
        first_at, first_gate = connection.execute(SQLITE_FIRST_ADMISSION, {**parameters,
                                                                           "visitor_id": row[1]}).fetchone()
    stored = connection.execute(SQLITE_STORE, {
        **parameters, "result": result, "visitor_id": row[1] if row else None, "first_at": first_at,
        "first_gate": first_gate}).fetchone()
    if stored is None:
        raise NonceTaken(scan.nonce)
    return GateOutcome(result, _facts(row) if row else None, values.read_moment(first_at), first_gate)
