"""Authorization: exhibitor A never sees nor changes enterprise B's data, on any page or API call.

Two enterprises, A and B, each with an exhibitor owner and an application to the same open fair. Every test
logs in (or authenticates) as A's exhibitor and aims at B's data; each also checks the control (A's own
data works) where that makes the refusal meaningful.
"""

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothApplication
from core.mail import OutboxMessage
from enterprises.models import Enterprise
from tests.conftest import login, table_count
from tests.enterprises.helpers import api_for

B_NAME, B_PRODUCTS, B_REASON = "Công ty Bí mật B", "Sản phẩm bí mật của B", "Lý do riêng của B"


class World:
    """Two exhibitors with their enterprises and applications, and the fairs they applied to."""


@pytest.fixture
def world(make_fair, make_user, make_enterprise, make_application, session):
    """A and B, each owning an enterprise that applied to `fair`; B also has a rejected application elsewhere;
    `second_fair` is open and nobody has applied to it."""
    w = World()
    w.fair, w.second_fair, w.other_fair = (make_fair(status="open"), make_fair(status="open"),
                                           make_fair(status="open"))
    w.user_a, w.user_b = make_user(role="exhibitor"), make_user(role="exhibitor")
    w.a = make_enterprise(owner=w.user_a, legal_name="Công ty A", name_en=None, province="Hà Nội")
    w.b = make_enterprise(owner=w.user_b, legal_name=B_NAME, name_en=None, province="Hải Phòng",
                          tax_code="0301234562")
    w.app_a = make_application(fair=w.fair, enterprise=w.a)
    w.app_b = make_application(fair=w.fair, enterprise=w.b, products=B_PRODUCTS)
    w.app_b_rejected = make_application(fair=w.other_fair, enterprise=w.b, status="rejected",
                                        decision_reason=B_REASON)
    session.commit()
    return w


@pytest.fixture
def as_a(client, world):
    """The browser, logged in as A's exhibitor."""
    assert login(client, world.user_a).status_code == 302
    return client


@pytest.fixture
def api_a(client, session, world):
    """An API caller with A's exhibitor token."""
    return api_for(client, session, world.user_a)


def _status(session, application) -> str:
    session.expire_all()
    return session.get(BoothApplication, application.id).status


def _snapshot(session, enterprise) -> dict:
    session.expire_all()
    stored = session.get(Enterprise, enterprise.id)
    return {column.key: getattr(stored, column.key) for column in sa.inspect(Enterprise).columns}


def _tells_nothing_of_b(response) -> bool:
    page = response.get_data(as_text=True)
    return all(secret not in page for secret in (B_NAME, B_PRODUCTS, B_REASON))


# --- pages -----------------------------------------------------------------------------------------------------------


def test_a_reads_its_own_application_page(as_a, world):
    """Control: GET /applications/<A's id> shows A's application."""
    response = as_a.get(f"/applications/{world.app_a.id}")
    assert response.status_code == 200 and "Công ty A" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["app_b", "app_b_rejected"])
def test_a_cannot_open_bs_application_page(as_a, world, target):
    """GET /applications/<B's id> is 404 and says nothing of B."""
    response = as_a.get(f"/applications/{getattr(world, target).id}")
    assert response.status_code == 404
    assert _tells_nothing_of_b(response)


def test_a_cannot_post_a_decision_on_bs_application_page(as_a, world, session):
    """POST /applications/<B's id> is 404 and B's application is unchanged."""
    response = as_a.post(f"/applications/{world.app_b.id}", data={"status": "approved", "reason": ""})
    assert response.status_code == 404
    assert _status(session, world.app_b) == "submitted"


def test_a_cannot_withdraw_bs_application(as_a, world, session):
    """POST /applications/<B's id>/withdraw is 404; B's application stays submitted and nobody is mailed."""
    response = as_a.post(f"/applications/{world.app_b.id}/withdraw")
    assert response.status_code == 404
    assert _status(session, world.app_b) == "submitted"
    assert table_count(session, OutboxMessage) == 0


def test_a_withdraws_its_own_application(as_a, world, session):
    """Control: the same POST on A's own application withdraws it."""
    as_a.post(f"/applications/{world.app_a.id}/withdraw")
    assert _status(session, world.app_a) == "withdrawn"


def test_the_portal_shows_none_of_bs_applications(as_a, world):
    """/portal links A's application only and shows neither B's name, products nor decision reason."""
    response = as_a.get("/portal")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/applications/{world.app_a.id}"' in page
    for application in (world.app_b, world.app_b_rejected):
        assert f"/applications/{application.id}" not in page
    assert _tells_nothing_of_b(response)


def test_the_portal_offers_a_the_fair_only_b_applied_to(as_a, world):
    """B's application to another fair does not hide that fair from A: A may still apply there."""
    page = as_a.get("/portal").get_data(as_text=True)
    assert f'data-testid="apply-{world.other_fair.code}"' in page
    assert f'data-testid="apply-{world.fair.code}"' not in page


def test_the_profile_form_edits_only_as_enterprise(as_a, world, session):
    """POST /enterprise (even with B's id or tax code in the query) changes A and leaves B exactly as it was."""
    before_b = _snapshot(session, world.b)
    response = as_a.post(f"/enterprise?id={world.b.id}&enterprise_id={world.b.id}", data={
        "legal_name": "Công ty A đổi tên", "kind": "cooperative", "country": "VN", "province": "Huế",
        "sector": "handicraft", "tax_code": "", "id": str(world.b.id)})
    assert response.status_code == 302
    assert _snapshot(session, world.a)["legal_name"] == "Công ty A đổi tên"
    assert _snapshot(session, world.b) == before_b


def test_the_profile_form_cannot_take_bs_tax_code(as_a, world, session):
    """A cannot claim B's tax code: 422, and B keeps it."""
    response = as_a.post("/enterprise", data={
        "legal_name": "Công ty A", "kind": "enterprise", "country": "VN", "province": "Hà Nội",
        "sector": "handicraft", "tax_code": "0301234562"})
    assert response.status_code == 422
    assert _snapshot(session, world.a)["tax_code"] is None
    assert _snapshot(session, world.b)["tax_code"] == "0301234562"


def test_the_profile_page_shows_as_enterprise(as_a, world):
    """GET /enterprise shows A's profile, never B's."""
    response = as_a.get("/enterprise")
    assert "Công ty A" in response.get_data(as_text=True)
    assert _tells_nothing_of_b(response)


def test_the_apply_form_applies_for_a(as_a, world, session):
    """POST /f/<code>/apply creates A's application, whatever enterprise id is slipped into the form."""
    as_a.post(f"/f/{world.second_fair.code}/apply", data={
        "booths_requested": "1", "booth_type": "", "staff_count": "2", "enterprise_id": str(world.b.id)})
    owners = session.scalars(sa.select(BoothApplication.enterprise_id)
                             .where(BoothApplication.fair_id == world.second_fair.id)).all()
    assert owners == [world.a.id]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_cannot_open_the_review_queue(as_a, world, session, method):
    """The organizer's queue is 403 for A, and a bulk approval of B's application by A changes nothing."""
    response = getattr(as_a, method)(f"/fairs/{world.fair.id}/applications",
                                     data={"application": [str(world.app_b.id)]})
    assert response.status_code == 403
    assert _status(session, world.app_b) == "submitted"


# --- API -------------------------------------------------------------------------------------------------------------


def test_a_reads_its_own_enterprise_by_api(api_a, world):
    """Control: GET /api/v1/enterprises/<A> answers A."""
    response = api_a.get(f"/api/v1/enterprises/{world.a.id}")
    assert response.status_code == 200 and response.get_json()["id"] == world.a.id


def test_a_cannot_read_bs_enterprise_by_api(api_a, world):
    """GET /api/v1/enterprises/<B> is 404 with nothing of B in it."""
    response = api_a.get(f"/api/v1/enterprises/{world.b.id}")
    assert response.status_code == 404
    assert _tells_nothing_of_b(response) and "0301234562" not in response.get_data(as_text=True)


def test_a_cannot_apply_in_bs_name(api_a, world, session):
    """POST /api/v1/fairs/{id}/applications with B's enterprise_id is 404 and nothing is created or mailed."""
    count = table_count(session, BoothApplication)
    response = api_a.post(f"/api/v1/fairs/{world.second_fair.id}/applications",
                          {"enterprise_id": world.b.id, "booths_requested": 1})
    assert response.status_code == 404
    assert table_count(session, BoothApplication) == count
    assert table_count(session, OutboxMessage) == 0


def test_a_applies_in_its_own_name(api_a, world):
    """Control: the same call with A's enterprise_id is 201."""
    response = api_a.post(f"/api/v1/fairs/{world.second_fair.id}/applications",
                          {"enterprise_id": world.a.id, "booths_requested": 1})
    assert response.status_code == 201 and response.get_json()["enterprise_id"] == world.a.id


@pytest.mark.parametrize("status", ["", "submitted", "rejected"])
def test_the_api_list_shows_none_of_bs_applications(api_a, world, status):
    """GET /api/v1/fairs/{id}/applications (any status filter) answers only A's applications."""
    for fair in (world.fair, world.other_fair):
        response = api_a.get(f"/api/v1/fairs/{fair.id}/applications", status=status)
        assert response.status_code == 200
        assert {item["enterprise_id"] for item in response.get_json()} <= {world.a.id}
    listed = api_a.get(f"/api/v1/fairs/{world.fair.id}/applications", status=status).get_json()
    assert [item["id"] for item in listed] == ([world.app_a.id] if status in ("", "submitted") else [])


def test_an_exhibitor_without_enterprise_lists_nothing(client, session, make_user, world):
    """An exhibitor acting for no enterprise gets an empty list, not everybody's."""
    response = api_for(client, session, make_user(role="exhibitor")).get(
        f"/api/v1/fairs/{world.fair.id}/applications")
    assert response.status_code == 200 and response.get_json() == []


@pytest.mark.parametrize("target", ["app_b", "app_a"])
def test_a_cannot_decide_by_api(api_a, world, session, target):
    """POST /api/v1/applications/<id>/decision with A's token is 403, on B's application and on A's own."""
    application = getattr(world, target)
    response = api_a.post(f"/api/v1/applications/{application.id}/decision", {"status": "approved"})
    assert response.status_code == 403
    assert _status(session, application) == "submitted"


# --- an officer reads but does not decide ---------------------------------------------------------------------------


@pytest.fixture
def officer(make_user, session):
    """A committed officer (provincial industry department)."""
    user = make_user(role="officer")
    session.commit()
    return user


def test_an_officer_reads_every_application_by_api(client, session, officer, world):
    """An officer's token lists A's and B's applications of the fair."""
    response = api_for(client, session, officer).get(f"/api/v1/fairs/{world.fair.id}/applications")
    assert {item["id"] for item in response.get_json()} == {world.app_a.id, world.app_b.id}


def test_an_officer_reads_any_enterprise_by_api(client, session, officer, world):
    """An officer's token reads B's enterprise."""
    response = api_for(client, session, officer).get(f"/api/v1/enterprises/{world.b.id}")
    assert response.status_code == 200 and response.get_json()["name"] == B_NAME


def test_an_officer_cannot_decide_by_api(client, session, officer, world):
    """An officer's decision is 403 and B's application stays submitted."""
    response = api_for(client, session, officer).post(f"/api/v1/applications/{world.app_b.id}/decision",
                                                      {"status": "rejected", "reason": "Không"})
    assert response.status_code == 403
    assert _status(session, world.app_b) == "submitted"


def test_an_officer_cannot_decide_nor_withdraw_on_pages(client, officer, world, session):
    """The decision page and withdrawal are 403 for an officer; nothing changes."""
    assert login(client, officer).status_code == 302
    assert client.post(f"/applications/{world.app_b.id}",
                       data={"status": "rejected", "reason": "Không"}).status_code == 403
    assert client.post(f"/applications/{world.app_b.id}/withdraw").status_code == 403
    assert _status(session, world.app_b) == "submitted"
