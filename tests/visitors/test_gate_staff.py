"""Gate staff belong to fairs: assigned by an organizer, they scan and register visitors there and nowhere else."""

from datetime import date, timedelta

import sqlalchemy as sa

from core.audit import AuditEvent
from core.db import utcnow
from fairs.models import FairStaff
from tests.conftest import login, table_count
from tests.factories import assign_gate_staff
from tests.visitors.conftest import nonce
from visitors.models import Scan, Visitor
from visitors.services import current_badge, reissue_badge


def _other_fair(make_fair, session):
    fair = make_fair(status="running", starts_on=date.today() - timedelta(days=2),
                     ends_on=date.today() + timedelta(days=3), application_deadline=None)
    session.commit()
    return fair


def _checkin(caller, fair, code):
    return caller.post(f"/api/v1/fairs/{fair.id}/checkins", {"code": code, "gate": "Cổng 1", "nonce": nonce()})


def test_staff_of_fair_a_are_refused_at_fair_b_s_scanner_page_and_desk(client, login_as, make_fair, session,
                                                                      running_fair):
    """Pages: 200 at the fair they are assigned to, 403 at another fair's scanner, desk, list and attendance."""
    fair_b = _other_fair(make_fair, session)
    login_as("staff", gate_fairs=[running_fair])
    assert client.get(f"/fairs/{running_fair.id}/scan").status_code == 200
    for path in ("scan", "desk", "visitors", "attendance"):
        assert client.get(f"/fairs/{fair_b.id}/{path}").status_code == 403, path
    refused = client.post(f"/fairs/{fair_b.id}/desk", data={"full_name": "Walk In", "country": "VN",
                                                           "province": "Hà Nội", "visitor_type": "visitor"})
    assert refused.status_code == 403 and table_count(session, Visitor) == 0


def test_staff_of_fair_a_are_refused_at_fair_b_s_checkin_api_and_the_scanner_s_json(
        api, client, login_as, make_fair, session, running_fair, registered):
    """API (bearer token) and the scanner page's own JSON: a 403 problem document at fair B, nothing stored."""
    fair_b = _other_fair(make_fair, session)
    _visitor, code = registered()
    gate = api("staff", gate_fairs=[running_fair])
    refused = _checkin(gate, fair_b, code)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert refused.json["status"] == 403 and "phân công" in refused.json["detail"]  # "not assigned", in Vietnamese
    registration = gate.post(f"/api/v1/fairs/{fair_b.id}/visitors", {
        "full_name": "Trần Nam", "email": "nam@example.vn", "country": "VN", "visitor_type": "press"})
    assert registration.status_code == 403 and registration.mimetype == "application/problem+json"
    assert gate.get(f"/api/v1/fairs/{fair_b.id}/attendance").status_code == 403
    login_as("staff", gate_fairs=[running_fair])
    page = client.post(f"/fairs/{fair_b.id}/scan/checkins", json={"code": code, "gate": "1", "nonce": nonce()})
    assert page.status_code == 403 and page.mimetype == "application/problem+json"
    assert table_count(session, Scan) == 0
    assert _checkin(gate, running_fair, code).json["result"] == "admitted"  # at their own fair, they scan


def test_organizers_work_every_fair_s_gates_and_a_badge_pdf_needs_the_visitor_s_fair(
        api, make_fair, session, running_fair, registered):
    """No assignment needed for an organizer; a staff token may not print a badge of another fair's visitor."""
    fair_b = _other_fair(make_fair, session)
    visitor, code = registered()
    assert _checkin(api("organizer"), running_fair, code).json["result"] == "admitted"
    elsewhere = api("staff", gate_fairs=[fair_b])
    assert elsewhere.get(f"/api/v1/visitors/{visitor.id}/badge.pdf").status_code == 403
    assert api("staff", gate_fairs=[running_fair]).get(f"/api/v1/visitors/{visitor.id}/badge.pdf").status_code == 200


def test_removing_an_assignment_takes_effect_at_once_in_this_process(client, login_as, api, make_fair, session,
                                                                     running_fair, registered):
    """The cached assignment is forgotten when the organizer removes it: the next scan is refused."""
    _visitor, code = registered()
    gate = api("staff", gate_fairs=[running_fair])
    assert _checkin(gate, running_fair, code).status_code == 200
    staff_id = session.scalars(sa.select(FairStaff.user_id)).one()
    login_as("organizer")
    assert client.post(f"/fairs/{running_fair.id}/gates/staff/{staff_id}/remove").status_code == 302
    assert _checkin(gate, running_fair, code).status_code == 403


def test_the_organizer_assigns_staff_by_email_or_from_the_list_and_removes_them(
        client, login_as, make_user, session, running_fair):
    """Assign by e-mail (any case) and by picking; a second time is refused; not a staff account is refused
    next to the field; removal; each change audited."""
    minh = make_user(role="staff", email="minh@example.vn", display_name="Trần Văn Minh")
    lan = make_user(role="staff", display_name="Lê Thị Lan")
    exhibitor = make_user(role="exhibitor", email="ex@example.vn")
    login_as("organizer")
    page = client.get(f"/fairs/{running_fair.id}/gates").get_data(as_text=True)
    assert "Trần Văn Minh" in page and "Lê Thị Lan" in page and "ex@example.vn" not in page
    url = f"/fairs/{running_fair.id}/gates/staff"
    assert client.post(url, data={"user_id": "0", "email": "MINH@example.vn"}).status_code == 302
    assert client.post(url, data={"user_id": str(lan.id), "email": ""}).status_code == 302
    again = client.post(url, data={"user_id": "0", "email": "minh@example.vn"})
    assert again.status_code == 422 and "đã được phân công" in again.get_data(as_text=True)
    wrong = client.post(url, data={"user_id": "0", "email": exhibitor.email})
    assert wrong.status_code == 422 and 'id="email-error"' in wrong.get_data(as_text=True)
    nobody = client.post(url, data={"user_id": "0", "email": ""})
    assert nobody.status_code == 422 and 'id="email-error"' in nobody.get_data(as_text=True)
    assigned = set(session.scalars(sa.select(FairStaff.user_id).where(FairStaff.fair_id == running_fair.id)))
    assert assigned == {minh.id, lan.id}
    assert client.post(f"/fairs/{running_fair.id}/gates/staff/{minh.id}/remove").status_code == 302
    assert set(session.scalars(sa.select(FairStaff.user_id))) == {lan.id}
    actions = list(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action.like("fair.staff.%"))
                                   .order_by(AuditEvent.id)))
    assert actions == ["fair.staff.assign", "fair.staff.assign", "fair.staff.remove"]


def test_staff_and_exhibitors_may_not_assign_gate_staff(client, login_as, make_user, session, running_fair):
    """Only organizers (and admins) manage a fair's gates."""
    other = make_user(role="staff")
    login_as("staff", gate_fairs=[running_fair])
    assert client.get(f"/fairs/{running_fair.id}/gates").status_code == 403
    assert client.post(f"/fairs/{running_fair.id}/gates/staff",
                       data={"user_id": str(other.id)}).status_code == 403
    assert table_count(session, FairStaff) == 1


def test_staff_land_on_the_scanner_of_their_fair_today_or_choose_or_are_told(client, make_user, make_fair, session,
                                                                           running_fair):
    """One fair open today: straight to its scanner; two: a choice of both; none today: a page that says so."""
    minh = assign_gate_staff(session, make_user(role="staff"), running_fair)
    later = make_fair(status="published", starts_on=date.today() + timedelta(days=30))
    session.commit()
    response = login(client, minh)
    assert response.headers["Location"].endswith("/gate")
    landing = client.get("/gate")
    assert landing.status_code == 302 and landing.headers["Location"].endswith(f"/fairs/{running_fair.id}/scan")
    second = _other_fair(make_fair, session)
    assign_gate_staff(session, minh, second)
    session.commit()
    choice = client.get("/gate").get_data(as_text=True)
    assert f"/fairs/{running_fair.id}/scan" in choice and f"/fairs/{second.id}/scan" in choice
    lan = assign_gate_staff(session, make_user(role="staff"), later)
    session.commit()
    client.post("/logout")
    login(client, lan)
    page = client.get("/gate")
    assert page.status_code == 200 and 'data-testid="no-gate-today"' in page.get_data(as_text=True)
    assert later.code in page.get_data(as_text=True)


def test_the_scanner_caches_the_badge_list_of_its_own_fair_only(client, login_as, make_fair, make_user, session,
                                                                 running_fair, registered):
    """Badges in force by serial with name, organisation and type; revoked serials apart; 403 at another fair."""
    hoa, _code = registered(full_name="Nguyễn Thị Hoa", organisation="Gốm Bát Tràng")
    lost, _lost_code = registered(full_name="Lê Văn Mất")
    old = current_badge(session, lost)
    reissue_badge(session, lost, actor=make_user(role="organizer"), now=utcnow())
    session.commit()
    fair_b = _other_fair(make_fair, session)
    login_as("staff", gate_fairs=[running_fair])
    answer = client.get(f"/fairs/{running_fair.id}/scan/badges.json")
    assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"]
    body = answer.json
    rows = {row[0]: row for row in body["badges"]}
    hoa_row = rows[current_badge(session, hoa).serial]
    assert hoa_row[1] == "Nguyễn Thị Hoa" and body["organisations"][hoa_row[2]] == "Gốm Bát Tràng"
    assert body["types"][hoa_row[3]] == "trade_buyer" and hoa_row[4] == 0
    assert rows[old.serial][4] == 1 and rows[current_badge(session, lost).serial][4] == 0
    assert len(rows) == 3 and body["total"] == 3
    assert client.get(f"/fairs/{fair_b.id}/scan/badges.json").status_code == 403
