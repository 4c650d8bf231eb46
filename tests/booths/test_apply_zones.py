"""The apply form's zones: three ranked choices among the zones the applicant may have, shown back in order;
the others listed with the reason, refused when posted, and their booths refused as preferences."""

import pytest
import sqlalchemy as sa

from booths.applications.models import BoothApplication
from core.extensions import db
from tests.conftest import login
from tests.enterprises.helpers import field_errors

BASE = {"booths_requested": "1", "booth_type": "", "preferred_booths": "", "products": "", "staff_count": "2",
        "support_programme": ""}


@pytest.fixture
def zones(session, open_fair, make_zone, make_hall, make_booth, exhibitor, enterprise, client):
    """Two domestic zones, the Hà Nội pavilion (open to the Hà Nội enterprise), the international zone and the
    Bắc Ninh pavilion (closed to it), one booth in each; the exhibitor logged in."""
    made = {"north": make_zone(fair=open_fair, name_en="North hall"),
            "south": make_zone(fair=open_fair, name_en="South hall"),
            "hanoi": make_zone(fair=open_fair, name_en="Hanoi pavilion", kind="pavilion", province="Hà Nội"),
            "world": make_zone(fair=open_fair, name_en="World zone", kind="international"),
            "bacninh": make_zone(fair=open_fair, name_en="Bac Ninh pavilion", kind="pavilion", province="Bắc Ninh")}
    hall = make_hall(fair=open_fair)
    for number, zone in enumerate(made.values(), start=1):
        make_booth(hall=hall, zone=zone, code=f"Z-{number}")
    session.commit()
    assert login(client, exhibitor).status_code == 302
    return made


def test_preferences_are_three_ranked_choices_shown_back_in_order(client, session, open_fair, zones):
    """First the pavilion, then south, then north: stored and shown in that order."""
    response = client.post(f"/f/{open_fair.code}/apply", data=BASE | {
        "zone_first": str(zones["hanoi"].id), "zone_second": str(zones["south"].id),
        "zone_third": str(zones["north"].id)})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    application = session.scalars(sa.select(BoothApplication)).one()
    assert application.zone_preferences == [zones["hanoi"].id, zones["south"].id, zones["north"].id]
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    shown = page.split('data-testid="preferred-zones"')[1].split("</dd>")[0]
    assert shown.index("Hanoi pavilion") < shown.index("South hall") < shown.index("North hall")


def test_the_same_zone_twice_is_refused_on_the_later_choice(client, session, open_fair, zones):
    """A second choice equal to the first answers 422 under the second."""
    response = client.post(f"/f/{open_fair.code}/apply", data=BASE | {
        "zone_first": str(zones["north"].id), "zone_second": str(zones["north"].id)})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "zone_second")
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 0


def test_closed_zones_are_not_offered_and_say_why(client, open_fair, zones):
    """The international zone and another province's pavilion are listed apart, each with its reason."""
    page = client.get(f"/f/{open_fair.code}/apply").get_data(as_text=True)
    first = page.split('name="zone_first"')[1].split("</select>")[0]
    assert f'value="{zones["hanoi"].id}"' in first and f'value="{zones["north"].id}"' in first
    assert f'value="{zones["world"].id}"' not in first and f'value="{zones["bacninh"].id}"' not in first
    closed = page.split('data-testid="closed-zones"')[1].split("</div>")[0]
    assert "World zone" in closed and "from abroad" in closed
    assert "Bac Ninh pavilion" in closed and "Bắc Ninh" in closed
    data = page.split('<script type="application/json" id="closed-zones">')[1].split("</script>")[0]
    assert f'"{zones["world"].id}":' in data and f'"{zones["north"].id}":' not in data


def test_a_closed_zone_or_its_booth_is_refused_when_posted(client, session, open_fair, zones):
    """Posting the international zone, or a booth of it as a preference, answers 422 on the field."""
    response = client.post(f"/f/{open_fair.code}/apply", data=BASE | {"zone_first": str(zones["world"].id)})
    assert response.status_code == 422 and field_errors(response.get_data(as_text=True), "zone_first")
    response = client.post(f"/f/{open_fair.code}/apply", data=BASE | {"preferred_booths": "Z-1 z-4"})
    assert response.status_code == 422
    [error] = field_errors(response.get_data(as_text=True), "preferred_booths")
    assert "Z-4" in error and "from abroad" in error and "Z-1" not in error
    assert session.scalar(sa.select(sa.func.count()).select_from(BoothApplication)) == 0


def test_the_page_reads_only_the_typed_booths_of_closed_zones(app, client, open_fair, zones):
    """The page looks up the closed zones' booths by the codes typed, never all of them: a closed zone of a
    Canton-sized fair holds tens of thousands (reading them all took 0.6 s a request)."""
    read = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "booth.zone_id IN" in statement:
            read.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(f"/f/{open_fair.code}/apply").status_code == 200
        assert read == []  # nothing typed, nothing read
        response = client.post(f"/f/{open_fair.code}/apply", data=BASE | {"preferred_booths": "Z-4"})
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 422
    [(statement, parameters)] = read
    assert "booth.code IN" in statement and "Z-4" in str(parameters)
