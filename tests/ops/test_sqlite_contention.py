"""SQLite under write contention: a write request waits for a long writer instead of failing "database is locked"."""

import sqlite3
import threading
import time

import pytest

from core.extensions import db

FAIR = {"code": "HN-2027", "name_vi": "Hội chợ Hà Nội 2027", "name_en": "Hanoi Fair 2027", "venue": "91 Trần Hưng Đạo",
        "province": "Hà Nội", "starts_on": "2027-04-20", "ends_on": "2027-04-23"}


def test_a_write_request_waits_for_a_long_writer(app, session, api):
    """Another writer (a large import) holds the write lock for 6 s, longer than the old 5 s busy timeout: the
    request waits its turn (bounded by SQLITE_BUSY_TIMEOUT_S) and succeeds, where it used to answer 503."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    caller = api("organizer")
    path = db.engine.url.database
    locked, done = threading.Event(), threading.Event()

    def long_writer():
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO outbox_message (recipient, subject, body, created_at, attempts) "
                           "VALUES ('a@example.vn', 'import done', 'x', '2026-12-01 00:00:00.000000', 0)")
        locked.set()
        time.sleep(6)  # the import's long transaction
        connection.execute("COMMIT")
        connection.close()
        done.set()

    writer = threading.Thread(target=long_writer)
    writer.start()
    assert locked.wait(10)
    response = caller.post("/api/v1/fairs", FAIR)
    writer.join(30)
    assert done.is_set()
    assert response.status_code == 201, response.get_data(as_text=True)
