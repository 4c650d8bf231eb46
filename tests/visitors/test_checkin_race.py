"""32 scanners reading one badge at the same moment admit it exactly once: the database decides."""

import threading
import uuid

import sqlalchemy as sa

from core.extensions import db
from visitors.gate import scan_and_commit
from visitors.models import Admission, Scan

SCANNERS = 32


def test_concurrent_scans_of_one_badge_admit_it_once(app, session, running_fair, registered):
    """One 'admitted', 31 'already_admitted', one admission row, 32 scans stored."""
    _visitor, code = registered()
    fair_id = running_fair.id
    barrier = threading.Barrier(SCANNERS)
    results: list[str] = []
    lock = threading.Lock()

    def scan(number: int) -> None:
        with app.app_context():  # each thread: its own app context, so its own session and connection
            try:
                barrier.wait(timeout=60)
                answer = scan_and_commit(fair_id, code=code, gate=f"G{number % 4}", nonce=uuid.uuid4().hex,
                                         scanned_at=None, actor=None)
                with lock:
                    results.append(answer["result"])
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scan, args=(n,)) for n in range(SCANNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    session.expire_all()
    assert sorted(results) == ["admitted"] + ["already_admitted"] * (SCANNERS - 1)
    assert session.scalar(sa.select(sa.func.count()).select_from(Admission)) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Scan)) == SCANNERS
    # Every 'already admitted' scan stores the first entry, also when it lost the race to the admission.
    admission = session.scalars(sa.select(Admission)).one()
    later = session.execute(sa.select(Scan.first_admitted_at, Scan.first_gate).where(
        Scan.result == "already_admitted")).all()
    assert later == [(admission.admitted_at, admission.gate)] * (SCANNERS - 1)
