"""Booth prices and sizes typed the Vietnamese way: 12.500.000 đồng, 3,5 m; the English habit is refused saying why."""

import sqlalchemy as sa

from booths.layout.models import Booth
from tests.booths.pages import field_errors


def _vietnamese(client):
    # The booth tests' browser reads English pages; these read Vietnamese ones.
    client.set_cookie("lang", "vi")


def test_a_price_with_dots_sets_twelve_and_a_half_million(client, login_as, layout, session):
    """`12.500.000` on the Vietnamese prices page is 12,500,000 đồng, not twelve thousand five hundred."""
    login_as("organizer")
    _vietnamese(client)
    response = client.post(f"/fairs/{layout.id}/booths/prices",
                           data={"price_vnd": "12.500.000", "zone_id": 0, "codes": "A-000"})
    assert response.status_code == 302
    session.expire_all()
    assert session.scalar(sa.select(Booth.price_vnd).where(Booth.code == "A-000")) == 12_500_000


def test_a_position_with_a_decimal_comma_is_read_and_a_decimal_dot_refused(client, login_as, layout, zone, session):
    """x = 30,5 m is thirty and a half metres; 30.5 is refused with how to write it; nothing moves on a refusal."""
    login_as("organizer")
    _vietnamese(client)
    values = {"y_m": "30", "width_m": "3", "depth_m": "3", "booth_type": "standard", "price_vnd": "12.000.000",
              "zone_id": zone.id}
    refused = client.post(f"/fairs/{layout.id}/booths/A-000", data={**values, "x_m": "30.5"})
    assert refused.status_code == 422
    assert field_errors(refused, "x_m") == [
        "“30.5” được viết theo kiểu tiếng Anh. Trong tiếng Việt, dấu chấm ngăn cách hàng nghìn, dấu phẩy ngăn cách "
        "phần thập phân: hãy viết 30,5."]
    session.expire_all()
    assert session.scalar(sa.select(Booth.x_cm).where(Booth.code == "A-000")) == 0
    assert client.post(f"/fairs/{layout.id}/booths/A-000", data={**values, "x_m": "30,5"}).status_code == 302
    session.expire_all()
    assert session.scalar(sa.select(Booth.x_cm).where(Booth.code == "A-000")) == 3050


def test_the_same_page_in_english_reads_the_english_way(client, login_as, layout, session):
    """`12,500,000` on the English page (this browser's default here) is twelve and a half million too."""
    login_as("organizer")
    response = client.post(f"/fairs/{layout.id}/booths/prices",
                           data={"price_vnd": "12,500,000", "zone_id": 0, "codes": "A-000"})
    assert response.status_code == 302
    session.expire_all()
    assert session.scalar(sa.select(Booth.price_vnd).where(Booth.code == "A-000")) == 12_500_000
