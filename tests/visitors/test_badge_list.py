"""The scanner on the phone: the badge list (ETag, changes since a cursor), the verdict a scanner gave offline
kept beside the scan, offline double entries per gate, and the installed app's manifest and service worker."""

import re
from datetime import timedelta

import sqlalchemy as sa

from core.db import utcnow
from tests.visitors.conftest import nonce
from visitors.attendance import attendance
from visitors.models import Badge, Scan
from visitors.services import current_badge, reissue_badge


def _rows(body) -> dict:
    return {row[0]: row for row in body["badges"]}


def _age_badges(session, fair, hours: int = 1) -> None:
    """Pretend the fair's badges were issued a while ago (before the phone's last refresh)."""
    session.execute(sa.update(Badge).where(Badge.fair_id == fair.id)
                    .values(changed_at=utcnow() - timedelta(hours=hours)))
    session.commit()


def test_an_unchanged_list_is_304_and_a_revocation_comes_as_a_change(client, login_as, make_user, session,
                                                                     running_fair, registered):
    """If-None-Match with the list's ETag: 304; after a reissue the changes since the cursor are the two badges
    touched (the old one revoked, the new one), and the ETag moves."""
    hoa, _code = registered(full_name="Nguyễn Thị Hoa")
    lan, _lan_code = registered(full_name="Trần Thị Lan", organisation=None)
    _age_badges(session, running_fair)
    login_as("staff", gate_fairs=[running_fair])
    url = f"/fairs/{running_fair.id}/scan/badges.json"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.json["full"] and len(first.json["badges"]) == 2 and first.json["total"] == 2
    assert first.json["gate_days"]["starts_on"] == running_fair.starts_on.isoformat()
    assert _rows(first.json)[current_badge(session, lan).serial][2] == -1  # no organisation
    since = first.json["cursor"]
    unchanged = client.get(url, query_string={"since": since}, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    old = current_badge(session, hoa)
    reissue_badge(session, hoa, actor=make_user(role="organizer"), now=utcnow())
    session.commit()
    changes = client.get(url, query_string={"since": since}, headers={"If-None-Match": etag})
    assert changes.status_code == 200 and changes.headers["ETag"] != etag
    assert not changes.json["full"] and changes.json["total"] == 3
    rows = _rows(changes.json)
    assert set(rows) == {old.serial, current_badge(session, hoa).serial}  # Lan's badge did not change
    assert rows[old.serial][4] == 1 and rows[current_badge(session, hoa).serial][4] == 0


def test_a_corrected_name_reaches_the_phones_with_the_next_refresh(client, login_as, session, running_fair,
                                                                   registered):
    """Correcting a visitor's name moves their badge's `changed_at` (a listener before the flush)."""
    hoa, _code = registered(full_name="Nguyen Thi Hoa")
    _age_badges(session, running_fair)
    login_as("staff", gate_fairs=[running_fair])
    url = f"/fairs/{running_fair.id}/scan/badges.json"
    since = client.get(url).json["cursor"]
    assert client.get(url, query_string={"since": since}).json["badges"] == []
    hoa.full_name = "Nguyễn Thị Hoa"
    session.commit()
    rows = client.get(url, query_string={"since": since}).json["badges"]
    assert [row[1] for row in rows] == ["Nguyễn Thị Hoa"]


def test_the_badge_list_api_for_assigned_staff_only(api, make_fair, session, running_fair, registered):
    """Bearer tokens: an assigned staff account gets the list, another fair's staff a 403, a bad cursor a 422."""
    registered(full_name="Nguyễn Thị Hoa")
    other = make_fair(status="running", starts_on=running_fair.starts_on, ends_on=running_fair.ends_on,
                      application_deadline=None)
    session.commit()
    answer = api("staff", gate_fairs=[running_fair]).get(f"/api/v1/fairs/{running_fair.id}/badges")
    assert answer.status_code == 200 and answer.json["badges"][0][1] == "Nguyễn Thị Hoa"
    assert answer.json["public_key"] and answer.headers["ETag"]
    assert api("staff", gate_fairs=[other]).get(f"/api/v1/fairs/{running_fair.id}/badges").status_code == 403
    organizer = api("organizer")
    assert organizer.get(f"/api/v1/fairs/{running_fair.id}/badges").status_code == 200
    assert organizer.get(f"/api/v1/fairs/{running_fair.id}/badges", since="yesterday").status_code == 422
    assert organizer.get(f"/api/v1/fairs/{running_fair.id}/badges", since="0001-01-01T00:00:00+00:00"
                         ).status_code == 422


def test_an_offline_admission_synced_after_another_gate_counts_as_an_offline_double_entry(api, session,
                                                                                         running_fair, registered):
    """The scan keeps the phone's offline verdict; a resend with the same nonce writes nothing more; the
    attendance counts the double entry at the phone's gate."""
    _hoa, code = registered(full_name="Nguyễn Thị Hoa")
    staff = api("staff", gate_fairs=[running_fair])
    url = f"/api/v1/fairs/{running_fair.id}/checkins"
    assert staff.post(url, {"code": code, "gate": "Cổng 2", "nonce": nonce()}).json["result"] == "admitted"
    queued = {"code": code, "gate": "Cổng 1", "nonce": nonce(), "offline_result": "admitted",
              "scanned_at": (utcnow() - timedelta(minutes=3)).isoformat()}
    first = staff.post(url, queued)
    again = staff.post(url, queued)
    assert first.json["result"] == "already_admitted" and again.json["replayed"]
    scans = session.execute(sa.select(Scan.gate, Scan.result, Scan.offline_result).order_by(Scan.id)).all()
    assert scans == [("Cổng 2", "admitted", None), ("Cổng 1", "already_admitted", "admitted")]
    figures = attendance(session, running_fair, timezone="Asia/Ho_Chi_Minh")
    assert figures["offline_double_entries"] == 1
    assert {row["gate"]: row["offline_double_entries"] for row in figures["by_gate"]} == {"Cổng 1": 1, "Cổng 2": 0}
    assert staff.post(url, {**queued, "nonce": nonce(), "offline_result": "maybe"}).status_code == 422


def test_the_attendance_page_shows_offline_double_entries(client, login_as, api, session, running_fair, registered):
    """The dashboard's gate table has the column and says what happened."""
    _hoa, code = registered()
    staff = api("staff", gate_fairs=[running_fair])
    url = f"/api/v1/fairs/{running_fair.id}/checkins"
    staff.post(url, {"code": code, "gate": "Cổng 2", "nonce": nonce()})
    staff.post(url, {"code": code, "gate": "Cổng 1", "nonce": nonce(), "offline_result": "admitted"})
    login_as("organizer", locale="en")
    page = client.get(f"/fairs/{running_fair.id}/attendance").get_data(as_text=True)
    assert "Offline double entries" in page and 'data-testid="offline-doubles"' in page


def test_the_installed_scanner_manifest_and_service_worker(client, login_as, make_fair, session, running_fair):
    """The manifest is public and names the staff home; the worker is never cached by the browser and knows its
    shell; what it precaches lists the staff member's fairs only; the chooser stays a page with ?list=1."""
    manifest = client.get("/gate/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["start_url"] == "/gate" and manifest.json["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest.json["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest.json["icons"])
    for icon in manifest.json["icons"]:
        assert client.get(icon["src"]).data[:8] == b"\x89PNG\r\n\x1a\n"
    worker = client.get("/gate-sw.js")
    assert worker.headers["Cache-Control"] == "no-cache" and worker.mimetype == "text/javascript"
    assert "/static/js/scanner.js" in worker.get_data(as_text=True)
    make_fair(status="running", starts_on=running_fair.starts_on, ends_on=running_fair.ends_on,
              application_deadline=None)
    session.commit()
    assert client.get("/gate/offline.json").status_code == 302  # log in first
    login_as("staff", gate_fairs=[running_fair])
    info = client.get("/gate/offline.json").json
    assert [fair["url"] for fair in info["fairs"]] == [f"/fairs/{running_fair.id}/scan"]
    assert client.get("/gate").status_code == 302
    chooser = client.get("/gate?list=1")
    assert chooser.status_code == 200 and 'rel="manifest"' in chooser.get_data(as_text=True)
    assert client.get("/gate/session.json").json["csrf"]


def test_the_service_worker_precaches_every_file_the_scanner_page_loads(client, login_as, running_fair):
    """Each script, stylesheet and icon the scanner page asks for from /static is in the worker's shell, or the
    scanner opened offline would lack it (the scanner's code is split over several files)."""
    login_as("staff", gate_fairs=[running_fair])
    page = client.get(f"/fairs/{running_fair.id}/scan").get_data(as_text=True)
    loaded = set(re.findall(r'(?:src|href)="(/static/[^"?]+)', page))
    assert {"/static/js/scanner.js", "/static/js/gate_codes.js", "/static/js/gate_store.js"} <= loaded
    worker = client.get("/gate-sw.js").get_data(as_text=True)
    assert sorted(path for path in loaded if path not in worker) == []
