"""Gate check-in through the API: every verdict, replayed nonces, every scan stored, and a decoded badge PDF."""

import io
from datetime import UTC, datetime, timedelta

import pypdfium2
import pytest
import sqlalchemy as sa
import zxingcpp
from flask_babel import force_locale

from core.db import utcnow
from tests.visitors.conftest import nonce, visitor_values
from visitors.checkins import scan_time
from visitors.models import Admission, Scan
from visitors.services import badge_code, current_badge, register_visitor, reissue_badge


def _scan(caller, fair, code, *, gate="Cổng 1", scan_nonce=None, **extra):
    return caller.post(f"/api/v1/fairs/{fair.id}/checkins",
                       {"code": code, "gate": gate, "nonce": scan_nonce or nonce(), **extra})


def _count(session, model) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model))


def test_first_scan_admits_then_already_admitted_with_the_first_time_and_gate(api, session, running_fair,
                                                                               registered):
    """admitted, then already_admitted naming the first gate; both scans stored, one admission."""
    visitor, code = registered()
    gate = api("staff", gate_fairs=[running_fair])
    first = _scan(gate, running_fair, code, gate="Cổng A")
    assert first.status_code == 200 and first.json["result"] == "admitted"
    assert first.json["visitor"]["full_name"] == visitor.full_name
    second = _scan(gate, running_fair, code, gate="Cổng B")
    assert second.json["result"] == "already_admitted" and second.json["first_gate"] == "Cổng A"
    assert second.json["first_checkin_at"]
    assert _count(session, Scan) == 2 and _count(session, Admission) == 1


def test_the_same_nonce_replays_the_first_answer_and_writes_nothing(api, session, running_fair, registered):
    """A scanner retrying after a lost response gets 'admitted' again, not 'already_admitted'."""
    _visitor, code = registered()
    gate = api("staff", gate_fairs=[running_fair])
    key = nonce()
    first = _scan(gate, running_fair, code, scan_nonce=key)
    replay = _scan(gate, running_fair, code, scan_nonce=key)
    assert first.json["result"] == replay.json["result"] == "admitted"
    assert replay.json["replayed"] is True and first.json["replayed"] is False
    assert _count(session, Scan) == 1


def test_a_nonce_reused_with_another_code_or_gate_is_a_409_problem(api, session, running_fair, registered):
    """A scanner that reuses a nonce for another badge or at another gate is told so (409 problem document), never
    given the first visitor's answer; nothing more is stored."""
    _first, first_code = registered()
    _second, second_code = registered()
    gate = api("staff", gate_fairs=[running_fair])
    key = nonce()
    assert _scan(gate, running_fair, first_code, scan_nonce=key).json["result"] == "admitted"
    other_badge = _scan(gate, running_fair, second_code, scan_nonce=key)
    assert other_badge.status_code == 409 and other_badge.mimetype == "application/problem+json"
    assert other_badge.json["type"].endswith("/nonce-reused") and other_badge.json["errors"][0]["field"] == "nonce"
    other_gate = gate.post(f"/api/v1/fairs/{running_fair.id}/checkins",
                           {"code": first_code, "gate": "Cổng B", "nonce": key})
    assert other_gate.status_code == 409
    assert _count(session, Scan) == 1


def test_revoked_wrong_fair_tampered_and_garbage_codes_get_their_verdicts(api, session, running_fair, registered,
                                                                          make_fair, make_user):
    """A reissued badge's old code is revoked; another fair's badge is wrong_fair; edits and junk are invalid.
    Every one of those scans is stored."""
    visitor, old_code = registered()
    with force_locale("en"):
        new_badge = reissue_badge(session, visitor, actor=make_user(role="staff"), now=utcnow())
        new_code = badge_code(session, new_badge, now=utcnow())
        other_fair = make_fair(status="running")
        stranger, _ = register_visitor(session, other_fair, visitor_values(), source="web", actor=None, now=utcnow())
        other_code = badge_code(session, current_badge(session, stranger), now=utcnow())
    session.commit()
    gate = api("staff", gate_fairs=[running_fair])
    tampered = new_code[:40] + ("A" if new_code[40] != "A" else "B") + new_code[41:]
    verdicts = {name: _scan(gate, running_fair, code).json for name, code in [
        ("old", old_code), ("other", other_code), ("tampered", tampered), ("garbage", "hello world"),
        ("new", new_code)]}
    assert verdicts["old"]["result"] == "revoked"
    assert verdicts["other"]["result"] == "wrong_fair" and verdicts["other"]["visitor"] is None
    assert verdicts["tampered"]["result"] == "invalid" and verdicts["garbage"]["result"] == "invalid"
    assert verdicts["new"]["result"] == "admitted"
    stored = [row for row in session.scalars(sa.select(Scan.result).order_by(Scan.id))]
    assert stored == ["revoked", "wrong_fair", "invalid", "invalid", "admitted"]


def test_a_malformed_request_is_a_422_and_the_api_needs_a_gate_role(api, session, running_fair, registered):
    """No nonce: 422 naming it; an exhibitor's token: 403; no token: 401. Nothing stored."""
    _visitor, code = registered()
    missing = api("staff", gate_fairs=[running_fair]).post(f"/api/v1/fairs/{running_fair.id}/checkins",
                                                           {"code": code, "gate": "1"})
    assert missing.status_code == 422 and "nonce" in str(missing.json)
    assert _scan(api("exhibitor"), running_fair, code).status_code == 403
    assert _scan(api(), running_fair, code).status_code == 401
    assert _count(session, Scan) == 0


def test_a_scan_at_a_fair_that_does_not_exist_is_a_404_and_stores_nothing(api, session, running_fair, registered):
    """Whatever the code (this fair's badge, or junk), an unknown fair id answers 404 and writes no scan (to an
    organizer, who works every fair's gates; gate staff are refused first, see test_gate_staff.py)."""
    _visitor, code = registered()
    gate = api("organizer")
    missing = running_fair.id + 1000
    for scanned in (code, "hello world"):
        response = gate.post(f"/api/v1/fairs/{missing}/checkins", {"code": scanned, "gate": "1", "nonce": nonce()})
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert _count(session, Scan) == 0 and _count(session, Admission) == 0


def test_an_offline_scan_counts_on_the_day_it_was_made(api, session, running_fair, registered):
    """scanned_at from the scanner (synced later) decides the day; a far-off clock is ignored."""
    _visitor, code = registered()
    yesterday = (utcnow() - timedelta(days=1)).isoformat()
    gate = api("staff", gate_fairs=[running_fair])
    assert _scan(gate, running_fair, code, scanned_at=yesterday).json["result"] == "admitted"
    assert _scan(gate, running_fair, code).json["result"] == "admitted"  # today is another day
    assert _count(session, Admission) == 2


@pytest.mark.parametrize("off", [timedelta(days=30), timedelta(days=-2)], ids=["a month behind", "two days ahead"])
def test_a_scanner_clock_far_off_is_ignored_and_the_scan_counts_now(api, session, running_fair, registered, off):
    """A scanner whose clock is a month behind (before the fair opened) or two days ahead: its time is not
    believed, the scan is stored as received and admits today, so today's next scan is 'already admitted'."""
    visitor, code = registered()
    gate = api("staff", gate_fairs=[running_fair])
    before = utcnow()
    assert _scan(gate, running_fair, code, scanned_at=(before - off).isoformat()).json["result"] == "admitted"
    assert _scan(gate, running_fair, code).json["result"] == "already_admitted"
    stored = session.scalars(sa.select(Scan).where(Scan.visitor_id == visitor.id).order_by(Scan.id)).first()
    assert before - timedelta(minutes=1) <= stored.scanned_at <= utcnow()


def test_scan_time_believes_the_scanner_from_a_week_behind_to_five_minutes_ahead():
    """The plausibility window in absolute terms: 7 days behind and 5 minutes ahead are kept, a second more is
    not (the server's time is used), and no time at all is the server's."""
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    for kept in (now - timedelta(days=7), now - timedelta(hours=3), now, now + timedelta(minutes=5)):
        assert scan_time(kept, now) == kept
    for ignored in (now - timedelta(days=7, seconds=1), now + timedelta(minutes=5, seconds=1),
                    now + timedelta(days=1), None):
        assert scan_time(ignored, now) == now


def test_a_badge_pdf_read_by_an_independent_decoder_admits_its_visitor_once(api, session, running_fair, registered):
    """PDFium renders the A6 badge, zxing-cpp reads the QR: the text is the signed code, which admits once."""
    visitor, code = registered()
    pdf = api("staff", gate_fairs=[running_fair]).get(f"/api/v1/visitors/{visitor.id}/badge.pdf", size="a6")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    page = pypdfium2.PdfDocument(io.BytesIO(pdf.data))[0]
    image = page.render(scale=300 / 72).to_pil()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [code]
    gate = api("staff", gate_fairs=[running_fair])
    assert _scan(gate, running_fair, decoded[0]).json["result"] == "admitted"
    assert _scan(gate, running_fair, decoded[0]).json["result"] == "already_admitted"
