"""Manual booth assignment: hard rules, the database's last word on double booking, and who sees what."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from booths.applications.assignments import assign_booths, booths_of, exhibitor_directory, unassign_booth
from booths.applications.models import BoothAssignment
from booths.layout.services import booth_statuses, rebuild_adjacency
from core.db import utcnow
from core.errors import Conflict, ValidationFailed
from tests.conftest import login


@pytest.fixture
def row_of_booths(session, make_hall, make_zone, make_booth):
    """Booths R-1…R-4 side by side, then a 3 m aisle, then R-5; R-6 in another zone next to R-5."""
    hall = make_hall()
    zone = make_zone(fair=hall.fair)
    other_zone = make_zone(fair=hall.fair)
    booths = {f"R-{n}": make_booth(hall=hall, zone=zone, code=f"R-{n}", x_cm=(n - 1) * 300, y_cm=1000,
                                   price_vnd=10_000_000 + n) for n in range(1, 5)}
    booths["R-5"] = make_booth(hall=hall, zone=zone, code="R-5", x_cm=1500, y_cm=1000)
    booths["R-6"] = make_booth(hall=hall, zone=other_zone, code="R-6", x_cm=1800, y_cm=1000)
    rebuild_adjacency(session, hall)
    return hall.fair, booths


def _approved(make_application, fair, booths=2):
    return make_application(fair=fair, status="approved", booths_requested=booths)


def _assign(session, application, codes, actor):
    with force_locale("en"):
        return assign_booths(session, application, codes, actor=actor, now=utcnow())


def test_contiguous_booths_are_assigned_and_show_as_assigned(session, make_user, make_application, row_of_booths):
    """Two neighbouring booths of one zone go to an approved application."""
    fair, booths = row_of_booths
    application = _approved(make_application, fair)
    _assign(session, application, ["r-2", "R-3"], make_user(role="organizer"))
    assert [booth.code for booth in booths_of(session, application)] == ["R-2", "R-3"]
    statuses = booth_statuses(session, list(booths.values()))
    assert statuses[booths["R-2"].id] == "assigned" and statuses[booths["R-1"].id] == "available"


@pytest.mark.parametrize(("codes", "why"), [
    (["R-4", "R-5"], "aisle"),         # an aisle between them: not neighbours
    (["R-1", "R-3"], "gap"),           # R-2 missing in between
    (["R-5", "R-6"], "zones"),         # touching, but two zones
    (["R-1", "R-2", "R-3"], "count"),  # more than the 2 requested
    (["R-9"], "unknown"),
])
def test_hard_rules_refuse_a_bad_block(session, make_user, make_application, row_of_booths, codes, why):
    """Every hard rule is checked before anything is stored."""
    fair, _booths = row_of_booths
    application = _approved(make_application, fair)
    with pytest.raises(ValidationFailed):
        _assign(session, application, codes, make_user(role="organizer"))
    assert booths_of(session, application) == []


def test_blocked_booths_stay_empty(session, make_user, make_application, row_of_booths):
    """A blocked booth cannot be assigned."""
    fair, booths = row_of_booths
    booths["R-1"].blocked = True
    with pytest.raises(ValidationFailed):
        _assign(session, _approved(make_application, fair), ["R-1"], make_user(role="organizer"))


def test_only_approved_applications_receive_booths(session, make_user, make_application, row_of_booths):
    """A submitted application is refused."""
    fair, _booths = row_of_booths
    with pytest.raises(Conflict):
        _assign(session, make_application(fair=fair), ["R-1"], make_user(role="organizer"))


def test_a_taken_booth_cannot_be_given_again(session, make_user, make_application, row_of_booths):
    """The service refuses a booth another application holds."""
    fair, _booths = row_of_booths
    organizer = make_user(role="organizer")
    _assign(session, _approved(make_application, fair), ["R-1"], organizer)
    with pytest.raises(Conflict):
        _assign(session, _approved(make_application, fair), ["R-1"], organizer)


def test_the_database_refuses_two_assignments_of_one_booth(session, make_application, row_of_booths):
    """Even past the service (a race), the unique booth constraint keeps one exhibitor per booth."""
    fair, booths = row_of_booths
    now = utcnow()
    for _ in range(2):
        session.add(BoothAssignment(booth_id=booths["R-1"].id, application_id=_approved(make_application, fair).id,
                                    source="manual", locked=True, assigned_at=now))
    with pytest.raises(IntegrityError):
        session.flush()


def test_unassigning_frees_the_booth(session, make_user, make_application, row_of_booths):
    """A freed booth is available again."""
    fair, booths = row_of_booths
    organizer = make_user(role="organizer")
    _assign(session, _approved(make_application, fair), ["R-1"], organizer)
    with force_locale("en"):
        unassign_booth(session, booths["R-1"], actor=organizer, now=utcnow())
    assert booth_statuses(session, [booths["R-1"]])[booths["R-1"].id] == "available"


def test_the_exhibitor_sees_its_booths_and_their_price(client, session, make_user, make_enterprise,
                                                       make_application, row_of_booths):
    """Once the plan is published the portal lists the codes (not before); the fee uses the booths' prices."""
    fair, _booths = row_of_booths
    owner = make_user(role="exhibitor")
    application = make_application(fair=fair, enterprise=make_enterprise(owner=owner), status="approved")
    _assign(session, application, ["R-1", "R-2"], make_user(role="organizer"))
    fair.status = "allocating"
    session.commit()
    login(client, owner)
    portal = client.get("/portal").get_data(as_text=True)
    assert "R-1, R-2" not in portal and "Announced when the floor plan is published" in portal
    assert 'data-testid="assigned-booths"' not in client.get(f"/applications/{application.id}").get_data(as_text=True)
    fair.status = "published"
    session.commit()
    assert "R-1, R-2" in client.get("/portal").get_data(as_text=True)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'data-testid="assigned-booths"' in page and ("20,000,003" in page or "20.000.003" in page)


def test_the_public_map_finds_exhibitors_by_name_and_province(client, session, make_user, make_enterprise,
                                                              make_application, row_of_booths):
    """After publication anyone can search the map; matches are listed with their booths."""
    fair, _booths = row_of_booths
    organizer = make_user(role="organizer")
    pottery = make_application(fair=fair, status="approved",
                               enterprise=make_enterprise(legal_name="Gốm Chu Đậu", province="Hải Phòng"))
    silk = make_application(fair=fair, status="approved",
                            enterprise=make_enterprise(legal_name="Lụa Vạn Phúc", province="Hà Nội"))
    _assign(session, pottery, ["R-1", "R-2"], organizer)
    _assign(session, silk, ["R-3"], organizer)
    fair.status = "published"
    session.commit()
    assert [e["booths"] for e in exhibitor_directory(session, fair.id, search="chu đậu")] == [["R-1", "R-2"]]
    assert [e["booths"] for e in exhibitor_directory(session, fair.id, search="CHU DAU")] == [["R-1", "R-2"]]
    assert [e["enterprise"].legal_name for e in exhibitor_directory(session, fair.id, province="Hà Nội")] == [
        "Lụa Vạn Phúc"]
    html = client.get(f"/f/{fair.code}/plan?q=Gốm").get_data(as_text=True)
    assert "Gốm Chu Đậu" in html and "Lụa Vạn Phúc" not in html.split('data-testid="directory"')[1]
    assert 'data-occupant="Gốm Chu Đậu"' in html


def test_exhibitors_cannot_assign(client, session, make_user, make_enterprise, make_application, row_of_booths):
    """Assigning is the organizer's: an exhibitor posting to its own application gets 403."""
    fair, _booths = row_of_booths
    owner = make_user(role="exhibitor")
    application = make_application(fair=fair, enterprise=make_enterprise(owner=owner), status="approved")
    session.commit()
    login(client, owner)
    assert client.post(f"/applications/{application.id}/booths", data={"assign-codes": "R-1"}).status_code == 403
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothAssignment)) == 0


def test_manual_assignment_refuses_a_booth_beside_a_competitor(session, make_application, make_enterprise,
                                                               make_user, row_of_booths):
    """R-1 holds an exhibitor that named the rival a competitor: the rival cannot take R-2, but may take R-3."""
    fair, _booths = row_of_booths
    organizer = make_user(role="organizer")
    rival = make_enterprise(legal_name="Rival")
    holder = make_application(fair=fair, status="approved", booths_requested=1,
                              enterprise=make_enterprise(legal_name="Holder"))
    holder.avoid_enterprise_ids = [rival.id]
    newcomer = make_application(fair=fair, status="approved", booths_requested=1, enterprise=rival)
    _assign(session, holder, ["R-1"], organizer)
    with force_locale("en"), pytest.raises(ValidationFailed) as refused:
        assign_booths(session, newcomer, ["R-2"], actor=organizer, now=utcnow())
    assert "Competitors never share an edge: R-1 belongs to Holder." == refused.value.errors[0]["message"]
    _assign(session, newcomer, ["R-3"], organizer)
    assert [b.code for b in booths_of(session, newcomer)] == ["R-3"]
