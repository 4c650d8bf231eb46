"""Every endpoint refuses anonymous requests unless listed as public, and each role reaches only its pages and API
operations (who may POST where is in test_authorization_posts.py)."""

import pytest
from flask_babel import force_locale
from werkzeug.routing import AnyConverter, IntegerConverter

from accounts.services import issue_api_token
from booths.applications.attachments import attach_file
from contracts.models import Contract, Lead
from core.db import utcnow
from core.jobs import create_job
from core.storage import storage
from core.uploads import sniff, store_file
from enterprises.services import set_logo
from support.projects import standing_project
from support.services import create_programme
from tests.conftest import login
from tests.factories import assign_gate_staff, make_enterprise
from visitors.models import Visitor
from visitors.services import issue_badge, register_visitor

# Endpoints anyone may open without logging in. Adding one here is a decision: say why.
PUBLIC_ENDPOINTS = {
    "static",                      # CSS, favicon
    "health.healthz",              # the load balancer's liveness probe (says only "ok")
    "health.readyz",               # the load balancer's readiness probe (says only which dependency is down)
    "fairs.home",                  # the public home page
    "fairs.public",                # the public page of an open fair
    "i18n.set_language",           # choosing Vietnamese or English
    "accounts.login",
    "accounts.signup",             # exhibitor self sign-up
    "accounts.confirm",            # the e-mail confirmation link
    "accounts.forgot_password",
    "accounts.reset",              # the password reset link
    "enterprises.invitation",      # an invitation to act for an enterprise, behind an unguessable e-mailed link
    "api-docs.openapi_json",       # the API description
    "booths.public_plan",          # the floor plan once the fair publishes it
    "booths.public_directory",     # the list of exhibitors with their booths, published with the plan
    "visitors.register",           # visitors register without an account
    "visitors.badge_page",         # a visitor's badge, behind an unguessable signed link
    "visitors.badge_pdf",          # the same badge as a PDF
    "contracts.buyer_meetings",    # a trade buyer's business matching, behind the same badge link
    "contracts.buyer_schedule",    # their schedule as a PDF
    "contracts.buyer_cancel",      # cancelling one of their meetings
    "contracts.buyer_answer",      # answering an exhibitor's proposal, behind the same badge link
    "reports.public_results",      # the figures a running or closed fair publishes (no confidential amounts)
    "visitors.gate_manifest",      # the scanner's web app manifest (browsers fetch it without cookies)
    "visitors.gate_service_worker",  # the scanner's service worker script (no data: the shell's file list)
}


def _url_for_rule(rule) -> str:
    """Build a rule's URL with placeholder values its converters accept."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]


def _protected_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_non_public_endpoint_refuses_anonymous_requests(app, client):
    """Pages redirect to the login page, the API answers 401; nothing else leaks."""
    checked = 0
    for rule, method in _protected_rules(app):
        url = _url_for_rule(rule)
        response = client.open(url, method=method, json={} if rule.rule.startswith("/api/") else None)
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, (method, url, response.status_code)
            assert response.mimetype == "application/problem+json"
        else:
            assert response.status_code == 302, (method, url, response.status_code)
            assert "/login" in response.headers["Location"], (method, url)
        checked += 1
    assert checked >= 15  # the walk really visited the app's endpoints


def test_public_endpoints_exist(app):
    """The allow-list names only real endpoints (a renamed endpoint must not stay public by accident)."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert PUBLIC_ENDPOINTS <= endpoints


# Page endpoints (GET) and the roles that may open them; admins may open everything.
PAGE_ROLES = {
    "accounts.account": {"admin", "organizer", "staff", "exhibitor", "officer"},
    "accounts.admin_users": {"admin"},
    "accounts.admin_new_user": {"admin"},
    "accounts.admin_edit_user": {"admin"},
    "mail.failed": {"admin"},
    "fairs.index": {"admin", "organizer"},
    "fairs.new": {"admin", "organizer"},
    "fairs.detail": {"admin", "organizer"},
    "fairs.edit": {"admin", "organizer"},
    "fairs.gates": {"admin", "organizer"},
    "visitors.gate_home": {"admin", "staff"},
    "booths.layout": {"admin", "organizer"},
    "booths.grid": {"admin", "organizer"},
    "booths.import_file": {"admin", "organizer"},
    "booths.plan": {"admin", "organizer"},
    "booths.plan_pdf": {"admin", "organizer"},
    "booths.plan_document": {"admin", "organizer"},  # a hall's plan PDF job: tests/booths/test_export_links.py
    "booths.booth": {"admin", "organizer"},
    "booths.prices": {"admin", "organizer"},
    "booths.allocation": {"admin", "organizer"},
    "booths.review_queue": {"admin", "organizer"},
    "booths.export_applications": {"admin", "organizer"},
    "booths.import_delegation_file": {"admin", "organizer"},
    "booths.delegation_import_template": {"admin", "organizer"},
    "booths.application": {"admin", "organizer"},  # and the exhibitor's own: tests/booths/test_isolation.py
    "booths.portal": {"admin", "exhibitor"},
    "booths.apply": {"admin", "exhibitor"},
    "booths.apply_plan": {"admin", "exhibitor"},
    "enterprises.profile": {"admin", "exhibitor"},
    "enterprises.index": {"admin", "organizer", "officer"},
    "booths.download_file": {"admin", "organizer"},  # and the exhibitor's own: tests/booths/test_attachments.py
    "enterprises.logo": {"admin", "organizer", "officer"},  # and the exhibitor's own: tests/enterprises
    "jobs.state": {"admin", "organizer", "staff", "exhibitor", "officer"},  # one's own jobs: tests/core/test_jobs.py
    "visitors.scanner": {"admin", "organizer", "staff"},  # staff: if assigned, test_gate_staff.py
    "visitors.scanner_badges": {"admin", "organizer", "staff"},
    "visitors.gate_offline": {"admin", "organizer", "staff"},
    "visitors.gate_session": {"admin", "organizer", "staff"},
    "visitors.attendance_page": {"admin", "organizer", "staff", "officer"},
    "visitors.attendance_export": {"admin", "organizer", "staff", "officer"},
    "reports.fair_results": {"admin", "organizer", "officer"},
    "reports.fair_results_export": {"admin", "organizer", "officer"},
    "visitors.visitor_list": {"admin", "organizer", "staff"},
    "visitors.visitor_detail": {"admin", "organizer", "staff"},
    "contracts.fair_contracts": {"admin", "organizer", "exhibitor", "officer"},  # an exhibitor sees its own
    "contracts.fair_leads": {"exhibitor"},  # the staff of an exhibitor of the fair (admins have no booth)
    "contracts.leads_export": {"exhibitor"},
    "contracts.lead_detail": set(),  # one's own leads only: tests/contracts/test_leads.py
    "contracts.exhibitor_meetings": {"exhibitor"},
    "contracts.exhibitor_schedule": {"exhibitor"},
    "contracts.download_contract_file": {"admin", "organizer", "officer"},  # and the seller's people
    "visitors.visitor_badge": {"admin", "organizer", "staff"},
    "visitors.desk": {"admin", "organizer", "staff"},
    "visitors.visitor_import": {"admin", "organizer"},
    "visitors.visitor_import_template": {"admin", "organizer"},
    "visitors.application_staff": {"admin", "organizer"},  # and the exhibitor's own: tests/visitors/test_desk.py
    "visitors.staff_badge": {"admin", "organizer"},  # and the exhibitor's own
    "visitors.staff_edit": {"admin", "organizer"},  # and the exhibitor's own: tests/visitors/test_staff_badges.py
    "jobs.download": {"admin", "organizer", "staff", "exhibitor", "officer"},  # one's own finished jobs
    # support (issue 9): officers read programmes and reports, only organizers write
    "support.programmes": {"admin", "organizer", "officer"},
    "support.new_programme": {"admin", "organizer"},
    "support.programme": {"admin", "organizer", "officer"},
    "support.import_grants_file": {"admin", "organizer"},
    "support.grants_import_template": {"admin", "organizer"},
    "reports.supported": {"admin", "organizer", "officer"},
    "reports.supported_export": {"admin", "organizer", "officer"},
    "reports.supported_document": {"admin", "organizer", "officer"},  # one's own report job: test_report_job.py
    "support.agency": {"admin", "organizer", "officer"},  # one's own agency: tests/support/test_agency_page.py
    "support.projects": {"admin", "organizer", "officer"},
    "support.project": {"admin", "organizer", "officer"},
}
# Another enterprise's application does not exist for an exhibitor (404, not 403).
HIDDEN = {("booths.application", "exhibitor"), ("booths.download_file", "exhibitor"),
          ("visitors.application_staff", "exhibitor"), ("visitors.staff_badge", "exhibitor"),
          ("visitors.staff_edit", "exhibitor"),
          ("enterprises.logo", "exhibitor"), ("enterprises.logo", "staff"),
          ("contracts.lead_detail", "exhibitor"), ("contracts.lead_detail", "admin"),
          ("contracts.download_contract_file", "exhibitor")}

ROLES = ("admin", "organizer", "staff", "exhibitor", "officer")


def test_role_matrix_covers_every_protected_page(app):
    """Each protected GET page has an entry in the matrix, so a new page cannot skip the check."""
    pages = {rule.endpoint for rule, method in _protected_rules(app)
             if method == "GET" and not rule.rule.startswith("/api/")}
    assert pages == set(PAGE_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_pages(app, session, make_user, make_booth, make_application, role):
    """A role gets 200 on its pages and 403 on the others."""
    user = make_user(role=role)
    other = make_user(role="exhibitor")
    booth = make_booth()
    fair = booth.hall.fair
    fair.status = "open"
    application = make_application(fair=fair)
    stored = attach_file(session, application, purpose="licence", filename="licence.pdf", data=b"%PDF-1.4 test",
                         actor=make_user(role="organizer"), now=utcnow())
    set_logo(session, application.enterprise, b"\x89PNG\r\n\x1a\n" + b"0" * 20, actor=make_user(role="organizer"),
             now=utcnow())
    with force_locale("en"):
        visitor, _created = register_visitor(session, fair, {
            "full_name": "Khách", "email": "khach@example.vn", "country": "JP", "visitor_type": "visitor"},
            source="desk", actor=None, now=utcnow())
    staff_member = Visitor(fair_id=fair.id, full_name="Staff", country="VN", province="Hà Nội",
                           visitor_type="exhibitor_staff", source="staff", application_id=application.id,
                           created_at=utcnow())
    session.add(staff_member)
    session.flush()
    issue_badge(session, staff_member, now=utcnow())
    if role == "staff":  # gate staff work only at the fairs they are assigned to
        assign_gate_staff(session, user, fair)
    if role == "exhibitor":  # the user's own enterprise exhibits at the fair
        make_application(fair=fair, enterprise=make_enterprise(session, owner=user), status="approved")
    lead = Lead(fair_id=fair.id, enterprise_id=application.enterprise_id, visitor_id=visitor.id,
                first_scanned_at=utcnow(), last_scanned_at=utcnow())
    session.add(lead)
    contract = Contract(fair_id=fair.id, seller_enterprise_id=application.enterprise_id, buyer_name="B",
                        buyer_country="JP", kind="order", category="handicraft", amount=1, currency="VND",
                        fx_rate_to_vnd=1, value_vnd=1, value_usd=0, signed_on=fair.starts_on, status="signed",
                        created_at=utcnow(), updated_at=utcnow())
    session.add(contract)
    session.flush()
    contract_scan = store_file(session, owner_type="contract", owner_id=contract.id, purpose="scan",
                               filename="scan.pdf", data=b"%PDF-1.4 scan", sniffed=sniff(b"%PDF-1.4 scan"),
                               actor_id=None, now=utcnow())
    finished_job = create_job(session, "test", {}, actor=user, now=utcnow())
    report_job = create_job(session, "reports.supported_document", {"args": {}, "kind": "pdf"}, actor=user,
                            now=utcnow())
    plan_job = create_job(session, "booths.plan_pdf", {"fair_id": fair.id, "hall_id": booth.hall_id,
                                                       "mode": "status"}, actor=user, now=utcnow())
    finished_job.status, finished_job.result = "done", {"filename": "done.pdf", "mimetype": "application/pdf"}
    finished_job.file_id = storage().put(session, b"%PDF-1.4", media_type="application/pdf", now=utcnow())
    session.commit()
    programme = create_programme(session, {"name": "KC", "level": "national", "year": 2026, "decision_ref": "1/QĐ",
                                           "decision_date": "2026-01-01", "budget_vnd": 1_000_000},
                                 actor=None, now=utcnow())
    session.commit()
    urls = {
        "accounts.account": "/account",
        "accounts.admin_users": "/admin/users",
        "accounts.admin_new_user": "/admin/users/new",
        "accounts.admin_edit_user": f"/admin/users/{other.id}",
        "mail.failed": "/admin/mail",
        "fairs.index": "/fairs/",
        "fairs.new": "/fairs/new",
        "fairs.detail": f"/fairs/{fair.id}",
        "fairs.edit": f"/fairs/{fair.id}/edit",
        "fairs.gates": f"/fairs/{fair.id}/gates",
        "visitors.gate_home": "/gate",
        "booths.layout": f"/fairs/{fair.id}/layout",
        "booths.grid": f"/fairs/{fair.id}/booths/grid",
        "booths.import_file": f"/fairs/{fair.id}/booths/import",
        "booths.plan": f"/fairs/{fair.id}/halls/{booth.hall_id}/plan",
        "booths.plan_pdf": f"/fairs/{fair.id}/halls/{booth.hall_id}/plan.pdf",
        "booths.plan_document": f"/fairs/{fair.id}/plan/documents/{plan_job.id}",
        "booths.booth": f"/fairs/{fair.id}/booths/{booth.code}",
        "booths.prices": f"/fairs/{fair.id}/booths/prices",
        "booths.allocation": f"/fairs/{fair.id}/allocation",
        "booths.review_queue": f"/fairs/{fair.id}/applications",
        "booths.export_applications": f"/fairs/{fair.id}/applications.xlsx",
        "booths.import_delegation_file": f"/fairs/{fair.id}/applications/import",
        "booths.delegation_import_template": f"/fairs/{fair.id}/applications/import/template.csv",
        "booths.application": f"/applications/{application.id}",
        "booths.portal": "/portal",
        "booths.apply": f"/f/{fair.code}/apply",
        "booths.apply_plan": f"/f/{fair.code}/apply/plan?hall={booth.hall_id}",
        "enterprises.profile": "/enterprise",
        "enterprises.index": "/enterprises/",
        "booths.download_file": f"/applications/{application.id}/files/{stored.id}",
        "enterprises.logo": f"/enterprises/{application.enterprise_id}/logo",
        "jobs.state": f"/jobs/{create_job(session, 'test', {}, actor=user, now=utcnow()).id}.json",
        "visitors.scanner": f"/fairs/{fair.id}/scan",
        "visitors.scanner_badges": f"/fairs/{fair.id}/scan/badges.json",
        "visitors.gate_offline": "/gate/offline.json",
        "visitors.gate_session": "/gate/session.json",
        "visitors.attendance_page": f"/fairs/{fair.id}/attendance",
        "visitors.attendance_export": f"/fairs/{fair.id}/attendance.xlsx",
        "reports.fair_results": f"/fairs/{fair.id}/results",
        "reports.fair_results_export": f"/fairs/{fair.id}/results.csv",
        "visitors.visitor_list": f"/fairs/{fair.id}/visitors",
        "visitors.visitor_detail": f"/fairs/{fair.id}/visitors/{visitor.id}",
        "contracts.fair_contracts": f"/fairs/{fair.id}/contracts",
        "visitors.visitor_badge": f"/fairs/{fair.id}/visitors/{visitor.id}/badge.pdf",
        "visitors.desk": f"/fairs/{fair.id}/desk",
        "visitors.visitor_import": f"/fairs/{fair.id}/visitors/import",
        "visitors.visitor_import_template": f"/fairs/{fair.id}/visitors/import/template.xlsx",
        "visitors.application_staff": f"/applications/{application.id}/staff",
        "visitors.staff_badge": f"/applications/{application.id}/staff/{staff_member.id}/badge.pdf",
        "visitors.staff_edit": f"/applications/{application.id}/staff/{staff_member.id}/edit",
        "jobs.download": f"/jobs/{finished_job.id}/download",
        "contracts.fair_leads": f"/fairs/{fair.id}/leads",
        "contracts.leads_export": f"/fairs/{fair.id}/leads.csv",
        "contracts.lead_detail": f"/leads/{lead.id}",
        "contracts.exhibitor_meetings": f"/fairs/{fair.id}/meetings",
        "contracts.exhibitor_schedule": f"/fairs/{fair.id}/meetings.pdf",
        "contracts.download_contract_file": f"/contracts/{contract.id}/files/{contract_scan.id}",
        "support.programmes": "/support/programmes",
        "support.new_programme": "/support/programmes/new",
        "support.programme": f"/support/programmes/{programme.id}",
        "support.import_grants_file": f"/support/programmes/{programme.id}/grants/import",
        "support.grants_import_template": f"/support/programmes/{programme.id}/grants/import/template.csv",
        "reports.supported": "/reports/supported",
        "reports.supported_export": "/reports/supported.xlsx",
        "reports.supported_document": f"/reports/supported/documents/{report_job.id}",
        "support.agency": "/support/agency",
        "support.projects": f"/support/programmes/{programme.id}/projects",
        "support.project": f"/support/projects/{standing_project(session, programme, 'travel', now=utcnow()).id}",
    }
    client = app.test_client()
    assert login(client, user).status_code == 302
    for endpoint, allowed in PAGE_ROLES.items():
        response = client.get(urls[endpoint])
        if role in allowed:
            # 302 only where the page sends the user on (an admin has no enterprise to apply for)
            assert response.status_code in (200, 302), (role, endpoint, response.status_code)
            assert "/login" not in response.headers.get("Location", ""), (role, endpoint)
        else:
            expected = 404 if (endpoint, role) in HIDDEN else 403
            assert response.status_code == expected, (role, endpoint, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_its_api_operations(app, session, make_user, role):
    """Reading fairs is open to every token; creating one only to organizers and admins."""
    user = make_user(role=role)
    token = issue_api_token(session, user, "matrix", now=utcnow())
    session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/fairs", headers=headers).status_code == 200
    body = {"code": f"M-{role}".upper(), "name_vi": "Hội chợ", "name_en": "Fair", "venue": "Hall",
            "province": "Hà Nội", "starts_on": "2027-05-01", "ends_on": "2027-05-03"}
    response = client.post("/api/v1/fairs", json=body, headers=headers)
    assert response.status_code == (201 if role in ("admin", "organizer") else 403)
