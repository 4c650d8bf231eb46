"""Booth pages: moving a booth, blocking it with a reason, prices for a selection or a zone, and amounts too large
to store refused on their field."""

import pytest
import sqlalchemy as sa

from booths.layout.models import Booth, BoothAdjacency
from booths.layout.services import import_booths
from core.db import utcnow
from tests.booths.conftest import HALL_NAME, booth_row
from tests.booths.pages import booth_by_code, field_errors, flashes
from tests.conftest import table_count

# --- editing one booth -----------------------------------------------------------------------


def booth_form(**over) -> dict:
    """The booth form as A-000 stands (0, 0, 3 × 3 m, standard, 12,000,000 VND) plus changes."""
    values = {"x_m": "0", "y_m": "0", "width_m": "3", "depth_m": "3", "booth_type": "standard",
              "price_vnd": 12_000_000}
    values.update(over)
    return values


def test_moving_a_booth_saves_it_and_rebuilds_neighbours(client, login_as, layout, zone, session):
    """Moving A-000 to the back of the hall saves it and drops its neighbour pair."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/A-000", data=booth_form(x_m="30", y_m="30",
                                                                               zone_id=zone.id))
    assert response.status_code == 302
    booth = booth_by_code(session, "A-000")
    assert (booth.x_cm, booth.y_cm) == (3000, 3000)
    assert table_count(session, BoothAdjacency) == 2


@pytest.mark.parametrize(("over", "message"), [
    ({"x_m": "1.5"}, "Booth A-000 overlaps booth A-001."),
    ({"width_m": "4"}, "Booth A-000 overlaps booth A-001."),
    ({"x_m": "58"}, f"The booth does not fit inside hall {HALL_NAME}."),
    ({"y_m": "0", "depth_m": "41"}, f"The booth does not fit inside hall {HALL_NAME}."),
])
def test_a_move_that_overlaps_or_leaves_the_hall_is_refused_with_a_clear_message(
        client, login_as, layout, zone, session, over, message):
    """The form comes back (422) with the reason beside the position, and the booth stays put."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/A-000", data=booth_form(zone_id=zone.id, **over))
    assert response.status_code == 422
    assert field_errors(response, "x_m") == [message]
    booth = booth_by_code(session, "A-000")
    assert (booth.x_cm, booth.y_cm, booth.width_cm, booth.depth_cm) == (0, 0, 300, 300)


def test_an_unknown_booth_is_404(client, login_as, layout):
    """A code the fair does not have answers 404."""
    login_as("organizer")
    assert client.get(f"/fairs/{layout.id}/booths/NOPE").status_code == 404


# --- blocking --------------------------------------------------------------------------------


def test_blocking_needs_a_reason(client, login_as, layout, session):
    """Without a reason the booth stays available and the organizer is told why."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/A-001/block", data={"reason": "  "}, follow_redirects=True)
    assert "Say why the booth is blocked." in flashes(response)
    assert booth_by_code(session, "A-001").blocked is False


def test_a_booth_is_blocked_with_its_reason_then_unblocked(client, login_as, layout, session):
    """Block stores the reason and shows it; unblock clears both."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/A-001/block", data={"reason": "Cột chịu lực"},
                           follow_redirects=True)
    assert "Cột chịu lực" in response.get_data(as_text=True)
    booth = booth_by_code(session, "A-001")
    assert (booth.blocked, booth.blocked_reason) == (True, "Cột chịu lực")
    client.post(f"/fairs/{layout.id}/booths/A-001/unblock")
    booth = booth_by_code(session, "A-001")
    assert (booth.blocked, booth.blocked_reason) == (False, None)


# --- prices ----------------------------------------------------------------------------------


def test_prices_for_a_selection_of_codes(client, login_as, layout, session):
    """Codes separated by commas and spaces get the new price; the others keep theirs."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/prices",
                           data={"price_vnd": 20_000_000, "zone_id": 0, "codes": "a-000, A-002"})
    assert response.status_code == 302
    session.expire_all()
    prices = dict(session.execute(sa.select(Booth.code, Booth.price_vnd)).all())
    assert prices == {"A-000": 20_000_000, "A-001": 12_000_000, "A-002": 20_000_000, "A-003": 12_000_000}


def test_prices_for_a_zone(client, login_as, layout, zone, make_zone, session, organizer):
    """Choosing a zone prices all its booths and only them."""
    make_zone(fair=layout, name_vi="Khu quốc tế", name_en="International zone", kind="international")
    import_booths(session, layout, [booth_row("I-1", 30, 30, zone="International zone")], actor=organizer,
                  now=utcnow())
    session.commit()
    login_as("organizer")
    client.post(f"/fairs/{layout.id}/booths/prices", data={"price_vnd": 8_000_000, "zone_id": zone.id, "codes": ""})
    session.expire_all()
    prices = dict(session.execute(sa.select(Booth.code, Booth.price_vnd)).all())
    assert prices.pop("I-1") == 12_000_000
    assert set(prices.values()) == {8_000_000}


def test_unknown_codes_are_refused_and_no_price_changes(client, login_as, layout, session):
    """One unknown code refuses the whole change, naming it beside the codes field."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/prices",
                           data={"price_vnd": 1, "zone_id": 0, "codes": "A-000 Z-404"})
    assert response.status_code == 422
    assert field_errors(response, "codes") == ["Unknown booths: Z-404."]
    session.expire_all()
    assert set(session.scalars(sa.select(Booth.price_vnd))) == {12_000_000}


# --- amounts too large to store are refused, not a server error ----------------------------------------


def test_a_price_too_large_to_store_is_refused_on_the_prices_page(client, login_as, layout, session):
    """A price beyond what the database holds comes back as a form error, changing nothing."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/prices",
                           data={"price_vnd": 10**20, "zone_id": 0, "codes": "A-000"})
    assert response.status_code == 422 and field_errors(response, "price_vnd")
    session.expire_all()
    assert set(session.scalars(sa.select(Booth.price_vnd))) == {12_000_000}


def test_a_price_too_large_to_store_is_refused_on_the_booth_page(client, login_as, layout, zone, session):
    """Editing one booth with an absurd price is a form error."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/A-000", data=booth_form(zone_id=zone.id, price_vnd=10**20))
    assert response.status_code == 422 and field_errors(response, "price_vnd")
    assert booth_by_code(session, "A-000").price_vnd == 12_000_000
