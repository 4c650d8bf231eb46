"""Fair pages: the organizer's management, the public fair page and the home page."""

import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothAssignment
from core.db import utcnow
from fairs.models import Fair
from tests.conftest import table_count
from tests.fairs.conftest import START, as_text, fair_fields


def _fair_by_code(session, code):
    return session.scalar(sa.select(Fair).where(Fair.code == code))


def _status_of(session, fair_id):
    session.expire_all()
    return session.get(Fair, fair_id).status


def _field_block(html: str, field_id: str) -> str:
    """The `<div class="field">` that holds the input with `field_id`."""
    for block in re.findall(r'<div class="field[^"]*">.*?</div>', html, flags=re.S):
        if f'id="{field_id}"' in block:
            return block
    raise AssertionError(f"no field {field_id} in the page")


# --- organizer: create ---------------------------------------------------------------------


def test_organizer_creates_a_fair_and_lands_on_its_page(client, session, login_as):
    """POST /fairs/new with valid fields redirects to the new fair's detail page."""
    login_as("organizer")
    response = client.post("/fairs/new", data=as_text(fair_fields()))
    fair = _fair_by_code(session, "HN-GIFT-2026")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/fairs/{fair.id}")


def test_an_unknown_province_is_refused_at_the_province_field(client, session, login_as):
    """The form accepts only today's units; anything else is an error at province."""
    login_as("organizer")
    response = client.post("/fairs/new", data=as_text(fair_fields(province="Atlantis")))
    assert "field__error" in _field_block(response.get_data(as_text=True), "province")
    assert table_count(session, Fair) == 0


def test_bad_dates_show_the_error_beside_the_last_day(client, session, login_as):
    """A last day before the first re-renders the form with the message at ends_on."""
    login_as("organizer")
    response = client.post("/fairs/new", data=as_text(fair_fields(ends_on=START - timedelta(days=1))))
    assert response.status_code == 200
    block = _field_block(response.get_data(as_text=True), "ends_on")
    assert 'class="field__error" id="ends_on-error">The fair cannot end before it starts.' in block


def test_bad_dates_create_nothing(client, session, login_as):
    """A refused form stores no fair."""
    login_as("organizer")
    client.post("/fairs/new", data=as_text(fair_fields(ends_on=START - timedelta(days=1))))
    assert table_count(session, Fair) == 0


def test_a_late_deadline_shows_the_error_beside_the_deadline(client, login_as):
    """A deadline after the first day is reported at application_deadline."""
    login_as("organizer")
    response = client.post("/fairs/new", data=as_text(
        fair_fields(application_deadline=START + timedelta(days=1))))
    block = _field_block(response.get_data(as_text=True), "application_deadline")
    assert "field__error" in block and "on or before the first day" in block


def test_a_duplicate_code_shows_the_error_beside_the_code(client, login_as, make_fair):
    """A code already taken is reported at the code field, not as a crash."""
    make_fair(code="HN-GIFT-2026")
    login_as("organizer")
    response = client.post("/fairs/new", data=as_text(fair_fields()))
    assert response.status_code == 200
    assert "already exists" in _field_block(response.get_data(as_text=True), "code")


# --- organizer: edit and status ------------------------------------------------------------


def test_organizer_edits_a_fair(client, session, login_as, make_fair):
    """POST /fairs/<id>/edit saves the new values and redirects to the detail page."""
    fair = make_fair(code="EDIT-ME")
    login_as("organizer")
    response = client.post(f"/fairs/{fair.id}/edit",
                           data=as_text(fair_fields(code="EDIT-ME", venue="Trung tâm Hội chợ mới")))
    session.expire_all()
    assert response.status_code == 302 and session.get(Fair, fair.id).venue == "Trung tâm Hội chợ mới"


def test_the_edit_form_shows_the_stored_values(client, login_as, make_fair):
    """GET /fairs/<id>/edit fills the form with the fair's current fields."""
    fair = make_fair(code="SHOW-ME", venue="Nhà thi đấu Quân khu 5")
    login_as("organizer")
    html = client.get(f"/fairs/{fair.id}/edit").get_data(as_text=True)
    assert 'value="SHOW-ME"' in html and 'value="Nhà thi đấu Quân khu 5"' in html


def test_organizer_opens_a_draft(client, session, login_as, make_fair):
    """POST /fairs/<id>/status moves a draft to open."""
    fair = make_fair(status="draft")
    login_as("organizer")
    response = client.post(f"/fairs/{fair.id}/status", data={"status": "open"})
    assert response.status_code == 302 and _status_of(session, fair.id) == "open"


def test_a_refused_step_leaves_the_status_unchanged(client, session, login_as, make_fair):
    """Moving an open fair back to draft does nothing."""
    fair = make_fair(status="open")
    login_as("organizer")
    client.post(f"/fairs/{fair.id}/status", data={"status": "draft"})
    assert _status_of(session, fair.id) == "open"


def test_a_refused_step_flashes_an_error(client, login_as, make_fair):
    """The refusal is explained in an error message on the detail page."""
    fair = make_fair(status="open")
    login_as("organizer")
    response = client.post(f"/fairs/{fair.id}/status", data={"status": "draft"}, follow_redirects=True)
    assert re.search(r'class="flash flash--error">A fair cannot go from', response.get_data(as_text=True))


def _steps(html: str) -> list[tuple[str, bool, str, str | None]]:
    """(target status, primary?, button label, confirmation question) of each lifecycle button, in page order."""
    forms = re.findall(r'<form method="post" action="/fairs/\d+/status"[^>]*?(?:data-confirm="([^"]*)")?\s*>.*?'
                       r'name="status" value="(\w+)">\s*<button type="submit" class="button( button--primary)?"'
                       r'[^>]*>([^<]+)</button>', html, re.S)
    return [(status, bool(primary), label.strip(), unescape(confirm) if confirm else None)
            for confirm, status, primary, label in forms]


@pytest.mark.parametrize(("status", "expected"), [
    ("draft", [("open", True, "Open applications", True)]),
    ("open", [("allocating", True, "Start allocation", False)]),
    ("allocating", [("published", True, "Publish the floor plan", True),
                    ("open", False, "Reopen applications", False)]),
    ("published", [("running", True, "Open the fair", True)]),
    ("running", [("closed", True, "Close the fair", True)]),
])
def test_the_detail_page_names_each_step_by_its_action_and_the_step_forward_is_primary(
        client, login_as, make_fair, status, expected):
    """Buttons say what they do; the step forward comes first and is the primary one (reopening is not); a step
    that cannot be undone asks for confirmation."""
    fair = make_fair(status=status)
    login_as("organizer")
    steps = _steps(client.get(f"/fairs/{fair.id}").get_data(as_text=True))
    assert [(target, primary, label, confirm is not None) for target, primary, label, confirm in steps] == expected


def test_the_vietnamese_buttons_say_what_they_do(client, login_as, make_fair):
    """In Vietnamese the allocating fair's buttons read "Công bố sơ đồ gian hàng" (primary) and reopening."""
    fair = make_fair(status="allocating")
    login_as("organizer")
    client.get("/lang/vi")
    steps = _steps(client.get(f"/fairs/{fair.id}").get_data(as_text=True))
    assert [(label, primary) for _status, primary, label, _confirm in steps] == [
        ("Công bố sơ đồ gian hàng", True), ("Mở lại nhận đăng ký", False)]


def test_publishing_asks_first_and_says_who_will_be_e_mailed(client, login_as, make_fair, make_hall, make_booth,
                                                             make_application, session):
    """The publish button's question counts the exhibitors holding booths, who will be e-mailed, and the
    approved applications still without a booth."""
    fair = make_fair(status="allocating")
    hall = make_hall(fair=fair)
    for code in ("A-1", "A-2"):
        session.add(BoothAssignment(booth=make_booth(hall=hall, code=code), assigned_at=utcnow(),
                                    application=make_application(fair=fair, status="approved")))
    make_application(fair=fair, status="approved")
    session.commit()
    login_as("organizer")
    [publish, _reopen] = _steps(client.get(f"/fairs/{fair.id}").get_data(as_text=True))
    assert publish[3] == ("Publish the floor plan? Exhibitors see their booths and the public floor plan appears. "
                          "2 exhibitors will be e-mailed their booths. 1 approved application has no booth yet. "
                          "This cannot be undone.")


def test_a_closed_fair_offers_no_step(client, login_as, make_fair):
    """A closed fair's page has no status buttons."""
    fair = make_fair(status="closed")
    login_as("organizer")
    html = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    assert 'name="status"' not in html


# --- who may manage ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["exhibitor", "staff", "officer"])
@pytest.mark.parametrize("path", ["/fairs/", "/fairs/new"])
def test_other_roles_may_not_manage_fairs(client, login_as, role, path):
    """Exhibitors, staff and officers get 403 on the organizer's pages."""
    login_as(role)
    assert client.get(path).status_code == 403


def test_other_roles_may_not_create_a_fair_by_post(client, session, login_as):
    """An exhibitor posting the form gets 403 and no fair is stored."""
    login_as("exhibitor")
    response = client.post("/fairs/new", data=as_text(fair_fields()))
    assert response.status_code == 403 and table_count(session, Fair) == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    """The fair list asks an anonymous visitor to log in."""
    response = client.get("/fairs/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_organizer_list_shows_drafts(client, login_as, make_fair):
    """Organizers see their drafts in /fairs/."""
    make_fair(code="DRAFT-LISTED", status="draft")
    login_as("organizer")
    assert "DRAFT-LISTED" in client.get("/fairs/").get_data(as_text=True)


def test_admins_may_manage_fairs(client, login_as):
    """Admins pass the organizer check."""
    login_as("admin")
    assert client.get("/fairs/new").status_code == 200


# --- public pages --------------------------------------------------------------------------


def test_the_public_page_of_a_draft_is_not_found(client, make_fair):
    """A draft has no public page (404 for anyone)."""
    make_fair(code="HIDDEN", status="draft")
    assert client.get("/f/HIDDEN").status_code == 404


def test_the_public_page_of_an_open_fair_is_shown(client, make_fair):
    """An open fair's page is public and shows its name."""
    make_fair(code="SHOWN", status="open", name_en="Da Nang Craft Fair")
    response = client.get("/f/SHOWN")
    assert response.status_code == 200 and "Da Nang Craft Fair" in response.get_data(as_text=True)


def test_the_home_page_lists_open_fairs_but_not_drafts(client, make_fair):
    """The home page shows open fairs and hides drafts."""
    make_fair(code="OPEN-HOME", status="open", name_en="Open home fair")
    make_fair(code="DRAFT-HOME", status="draft", name_en="Draft home fair")
    html = client.get("/").get_data(as_text=True)
    assert "Open home fair" in html and "Draft home fair" not in html


def test_a_script_in_a_fair_name_is_escaped(client, make_fair):
    """A name holding markup is shown as text, never run."""
    make_fair(code="XSS", status="open", name_en="<script>alert(1)</script>")
    html = client.get("/f/XSS").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_a_script_in_a_fair_name_is_escaped_on_the_home_page(client, make_fair):
    """The home page escapes fair names as well."""
    make_fair(code="XSS-HOME", status="open", name_en="<script>alert(2)</script>")
    html = client.get("/").get_data(as_text=True)
    assert "&lt;script&gt;alert(2)" in html and "<script>alert(2)" not in html
