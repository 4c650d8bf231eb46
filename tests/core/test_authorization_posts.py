"""Each role may POST only where it is allowed: the matrix of POST-only endpoints and a role's refusals (who may
open which page is in test_authorization.py)."""

import pytest

from tests.conftest import login
from tests.core.test_authorization import PUBLIC_ENDPOINTS, ROLES

# Endpoints that only accept POST, and the roles that may use them ("any" = every logged-in user).
POST_ROLES = {
    "accounts.logout": "any",
    "accounts.create_token": "any",
    "accounts.revoke_token": "any",
    "accounts.end_other_session": "any",
    "accounts.end_every_session": "any",
    "accounts.change_own_password": "any",
    "fairs.change_status": {"admin", "organizer"},
    "fairs.add_gate_staff": {"admin", "organizer"},
    "fairs.remove_gate_staff_view": {"admin", "organizer"},
    "fairs.gate_setup_days": {"admin", "organizer"},
    "booths.new_hall": {"admin", "organizer"},
    "booths.new_zone": {"admin", "organizer"},
    "booths.block": {"admin", "organizer"},
    "booths.unblock": {"admin", "organizer"},
    "booths.withdraw": {"admin", "organizer", "exhibitor"},
    "booths.upload_file": {"admin", "organizer", "exhibitor"},
    "booths.payment": {"admin", "organizer"},
    "booths.grant_support": {"admin", "organizer"},
    "booths.export_applications_job": {"admin", "organizer"},
    "booths.start_plan_document": {"admin", "organizer"},
    "enterprises.invite": {"admin", "exhibitor"},  # acts on one's own enterprise: tests/enterprises
    "enterprises.upload_logo": {"admin", "exhibitor"},
    "enterprises.withdraw_invite": {"admin", "exhibitor"},  # the owner's own: tests/enterprises/test_invites.py
    "booths.assign": {"admin", "organizer"},
    "booths.unassign": {"admin", "organizer"},
    "booths.booth_assign": {"admin", "organizer"},
    "booths.booth_free": {"admin", "organizer"},
    "booths.booth_lock": {"admin", "organizer"},
    "booths.booth_swap": {"admin", "organizer"},
    "visitors.scanner_checkin": {"admin", "organizer", "staff"},
    "visitors.visitor_reissue": {"admin", "organizer", "staff"},
    "visitors.visitor_print": {"admin", "organizer", "staff"},
    "visitors.visitor_resend": {"admin", "organizer", "staff"},
    "visitors.staff_withdraw": {"admin", "organizer", "exhibitor"},  # one's own people: test_staff_badges.py
    "contracts.verify": {"admin", "organizer"},
    "contracts.meeting_accept": {"exhibitor"},  # one's own requests: tests/contracts/test_meetings.py
    "contracts.meeting_decline": {"exhibitor"},
    "contracts.meeting_cancel": {"exhibitor"},
    "contracts.meeting_outcome": {"exhibitor"},
    "contracts.meeting_propose": {"exhibitor"},  # to a buyer of a fair it exhibits at: test_meeting_proposals.py
    "contracts.upload_contract_file": {"admin", "organizer", "exhibitor"},  # the seller's: test_contract_files.py
    "support.add_grant": {"admin", "organizer"},
    "support.grant_status": {"admin", "organizer"},
    "jobs.retry": "any",  # those who may watch the job: tests/core/test_jobs.py
    "reports.save_supported_text": {"admin", "organizer", "officer"},  # one's own agency: test_signed_report.py
    "reports.start_supported_document": {"admin", "organizer", "officer"},  # tests/reports/test_report_job.py
    "mail.retry": {"admin"},  # tests/ops/test_mail_admin.py
}


def test_post_matrix_covers_every_protected_post_only_endpoint(app):
    """Each protected page endpoint that only takes POST is in the matrix."""
    post_only = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint not in PUBLIC_ENDPOINTS and not rule.rule.startswith("/api/")
                 and "GET" not in rule.methods}
    assert post_only == set(POST_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_post_only_where_it_is_allowed(app, session, make_user, make_booth, make_application, role):
    """A role without the right gets 403 on a POST, and nothing changes."""
    user = make_user(role=role)
    booth = make_booth()
    fair = booth.hall.fair
    application = make_application(fair=fair)
    session.commit()
    urls = {
        "fairs.change_status": (f"/fairs/{fair.id}/status", {"status": "open"}),
        "booths.new_hall": (f"/fairs/{fair.id}/halls", {"hall-name": "X", "hall-width_m": "10", "hall-depth_m": "10"}),
        "booths.new_zone": (f"/fairs/{fair.id}/zones", {"zone-name_vi": "K", "zone-name_en": "Z",
                                                        "zone-kind": "domestic"}),
        "booths.block": (f"/fairs/{fair.id}/booths/{booth.code}/block", {"reason": "exit"}),
        "booths.unblock": (f"/fairs/{fair.id}/booths/{booth.code}/unblock", {}),
    }
    urls["fairs.gate_setup_days"] = (f"/fairs/{fair.id}/gates/setup-days", {"setup_days": "1"})
    urls["booths.payment"] = (f"/applications/{application.id}/payment", {"payment_status": "paid"})
    urls["booths.grant_support"] = (f"/applications/{application.id}/support", {})
    urls["booths.export_applications_job"] = (f"/fairs/{fair.id}/applications/export", {"status": "submitted"})
    urls["booths.start_plan_document"] = (f"/fairs/{fair.id}/halls/{booth.hall_id}/plan/documents", {})
    urls["booths.booth_assign"] = (f"/fairs/{fair.id}/booths/{booth.code}/assign", {"application_id": application.id})
    urls["booths.booth_free"] = (f"/fairs/{fair.id}/booths/{booth.code}/free", {})
    urls["booths.booth_swap"] = (f"/fairs/{fair.id}/booths/{booth.code}/swap", {"other": "X-1"})
    # booths.withdraw acts on an application of one's own: covered in tests/booths/test_isolation.py
    client = app.test_client()
    assert login(client, user).status_code == 302
    for endpoint, (url, data) in urls.items():
        response = client.post(url, data=data)
        allowed = POST_ROLES[endpoint] == "any" or role in POST_ROLES[endpoint]
        if allowed:
            assert response.status_code in (200, 302), (role, endpoint, response.status_code)
        else:
            assert response.status_code == 403, (role, endpoint, response.status_code)
    session.refresh(fair)
    session.refresh(booth)
    session.refresh(application)
    changed = fair.status != "draft" or booth.blocked or application.payment_status != "unpaid"
    assert changed == (role in ("admin", "organizer"))
